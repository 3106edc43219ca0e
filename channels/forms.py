"""The channel's admin form: API credentials are written, never shown back.

A stored secret is left as it is when its field is submitted empty; "Forget the stored
credentials" clears them all.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

SECRET_FIELDS = ("prom_api_token", "rozetka_api_token", "rozetka_password")


class ChannelForm(WagtailAdminModelForm):
    forget_credentials = forms.BooleanField(
        label=_("Forget the stored credentials"), required=False,
        help_text=_("Clears the Prom.ua token and the Rozetka token and password."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in SECRET_FIELDS:
            field = self.fields.get(name)
            if field is None:
                continue
            stored = bool(getattr(self.instance, name, ""))
            field.widget = forms.PasswordInput(render_value=False, attrs={
                "autocomplete": "new-password",
                "placeholder": _("Stored; leave empty to keep it") if stored else ""})

    def clean(self):
        data = super().clean()
        for name in SECRET_FIELDS:
            if name in self.fields and not data.get(name):
                # Empty means "keep": the browser never had the stored value to send back.
                data[name] = getattr(self.instance, name, "") or ""
                setattr(self.instance, name, data[name])
        if data.get("forget_credentials"):
            for name in SECRET_FIELDS:
                data[name] = ""
                setattr(self.instance, name, "")
        return data
