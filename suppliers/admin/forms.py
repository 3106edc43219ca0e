"""The supplier form with a store connector's secrets as write-only fields.

A secret typed in is encrypted into Supplier.credentials; the form never renders a stored
value (password inputs without render_value), it only says whether one is stored. An empty
field keeps what is stored; "Forget the stored secrets" clears them all.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from suppliers.connectors import credentials
from suppliers.models import parse_private_hosts
from suppliers.sync.safehttp import normal_host

LABELS = {
    "consumer_key": _("Consumer key (WooCommerce)"),
    "consumer_secret": _("Consumer secret (WooCommerce)"),
    "access_token": _("Access token (Shopify Admin API, or a Magento integration token)"),
    "admin_username": _("Admin user name (Magento, instead of a token)"),
    "admin_password": _("Admin password (Magento)"),
    "webhook_secret": _("Webhook secret (WooCommerce webhook secret or Shopify app client secret)"),
}
# What a connector cannot run without (any one alternative, all names in it).
REQUIRED = {
    "woocommerce": [("consumer_key", "consumer_secret")],
    "shopify": [("access_token",)],
    "magento": [("access_token",), ("admin_username", "admin_password")],
}


def secret_field(name: str) -> forms.CharField:
    return forms.CharField(label=LABELS[name], required=False, strip=True, max_length=1000,
                           widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}))


class SupplierForm(WagtailAdminModelForm):
    consumer_key = secret_field("consumer_key")
    consumer_secret = secret_field("consumer_secret")
    access_token = secret_field("access_token")
    admin_username = secret_field("admin_username")
    admin_password = secret_field("admin_password")
    webhook_secret = secret_field("webhook_secret")
    clear_credentials = forms.BooleanField(
        label=_("Forget the stored secrets"), required=False,
        help_text=_("Clears every stored secret of this supplier (fields typed in above are kept)."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored = credentials.stored_fields(self.instance) if self.instance.pk else set()
        for name in credentials.ALL_FIELDS:
            env = credentials.env_name(self.instance.slug or "SLUG", name)
            if name in self.stored:
                note = _("A value is stored (not shown). Leave empty to keep it.")
            else:
                note = _("Not stored.")
            self.fields[name].help_text = f"{note} " + str(
                _("The environment variable %(name)s wins over it.") % {"name": env})

    def clean(self):
        data = super().clean()
        dialect = data.get("dialect") or ""
        if dialect in REQUIRED:
            kept = set() if data.get("clear_credentials") else set(self.stored)
            have = kept | {name for name in credentials.ALL_FIELDS if data.get(name)}
            slug = data.get("slug") or self.instance.slug or ""
            have |= {name for name in credentials.ALL_FIELDS
                     if os.environ.get(credentials.env_name(slug, name))}
            if not any(set(option) <= have for option in REQUIRED[dialect]):
                wanted = _(" or ").join(" + ".join(str(LABELS[n]) for n in option)
                                        for option in REQUIRED[dialect])
                self.add_error(None, _("This store connector needs: %(fields)s.") % {"fields": wanted})
            url = data.get("feed_url") or ""
            if not url:
                self.add_error("feed_url", _("Enter the store's address, e.g. https://shop.example.com."))
            elif not url.lower().startswith("https://") and not self._on_named_private_host(data, url):
                self.add_error("feed_url", _("A store is reached over https only: its credentials travel "
                                             "with every request."))
        return data

    @staticmethod
    def _on_named_private_host(data, url: str) -> bool:
        """Plain http is accepted only for a store the manager named as being on the shop's own
        network (and in tests, where the global switch lets loopback servers in)."""
        if getattr(settings, "SUPPLIER_FEEDS_ALLOW_PRIVATE", False):
            return True
        host = normal_host(urlsplit(url).hostname or "")
        return bool(host) and host in parse_private_hosts(data.get("allowed_private_hosts") or "")

    def save(self, commit=True):
        try:
            values = {} if self.cleaned_data.get("clear_credentials") else credentials.decrypt(
                self.instance.credentials)
        except credentials.CredentialsError:
            values = {}  # unreadable under the current key: whatever is typed now replaces it
        for name in credentials.ALL_FIELDS:
            if self.cleaned_data.get(name):
                values[name] = self.cleaned_data[name]
        self.instance.credentials = credentials.encrypt(values)
        return super().save(commit=commit)
