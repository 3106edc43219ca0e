"""The checkout form: every field validated on its own, the phone normalised."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shop.orders.extensions import checkout_form_extensions
from shop.orders.models import DeliveryMethod, PaymentMethod
from shop.phones import normalize_phone

CHECKOUT_FIELDS = ("name", "phone", "email", "delivery_method", "payment_method", "city", "branch",
                   "address", "comment")


class CheckoutForm(forms.Form):
    name = forms.CharField(label=_("Name and surname"), max_length=150)
    phone = forms.CharField(label=pgettext_lazy("orders", "Phone"), max_length=30,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
    email = forms.EmailField(label=pgettext_lazy("orders", "E-mail"), max_length=254)
    delivery_method = forms.ModelChoiceField(
        label=pgettext_lazy("orders", "Delivery"), queryset=DeliveryMethod.objects.filter(active=True),
        widget=forms.RadioSelect, empty_label=None)
    city = forms.CharField(label=pgettext_lazy("orders", "City"), max_length=120, required=False)
    branch = forms.CharField(label=_("Branch (number or address)"), max_length=120, required=False)
    address = forms.CharField(label=_("Street, house, flat"), max_length=255, required=False)
    payment_method = forms.ModelChoiceField(
        label=pgettext_lazy("orders", "Payment"), queryset=PaymentMethod.objects.filter(active=True),
        widget=forms.RadioSelect, empty_label=None)
    comment = forms.CharField(label=pgettext_lazy("orders", "Comment"), max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.extensions = checkout_form_extensions()
        for extension in self.extensions:
            extension.adapt(self)

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        delivery = data.get("delivery_method")
        if delivery is None:
            return data
        if delivery.needs != DeliveryMethod.Needs.NOTHING and not data.get("city", "").strip():
            self.add_error("city", _("Please give the city."))
        if delivery.needs == DeliveryMethod.Needs.BRANCH and not data.get("branch", "").strip():
            self.add_error("branch", _("Please give the branch."))
        if delivery.needs == DeliveryMethod.Needs.ADDRESS and not data.get("address", "").strip():
            self.add_error("address", _("Please give the address."))
        # Keep only what the chosen delivery uses.
        if delivery.needs != DeliveryMethod.Needs.BRANCH:
            data["branch"] = ""
        if delivery.needs != DeliveryMethod.Needs.ADDRESS:
            data["address"] = ""
        if delivery.needs == DeliveryMethod.Needs.NOTHING:
            data["city"] = ""
        for extension in self.extensions:
            extension.clean(self, data)
        return data

    def valid_fields(self):
        """What passed validation so far, field by field, to keep even when the form as a whole fails."""
        data = getattr(self, "cleaned_data", {})
        return {name: (value.strip() if isinstance(value, str) else value) for name, value in data.items()
                if name in CHECKOUT_FIELDS and name not in self.errors}

    def checkout_data(self):
        data = self.cleaned_data
        return {
            "name": data["name"], "phone": data["phone"], "email": data["email"],
            "delivery_method": data["delivery_method"], "payment_method": data["payment_method"],
            "city": data.get("city", "").strip(), "branch": data.get("branch", "").strip(),
            "address": data.get("address", "").strip(), "comment": data.get("comment", "").strip(),
        }
