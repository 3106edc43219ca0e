"""Storefront forms: sign-up, sign-in, profile, addresses, lists, back-in-stock."""

from django import forms
from django.contrib.auth import authenticate, get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from shop.phones import normalize_phone

from .accounts import normalise_email
from .lists import NAME_MAX
from .models import Address


class SignUpForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    first_name = forms.CharField(label=_("Your name"), max_length=150, required=False,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean_email(self):
        # Whether the address has an account is never said here: the sign-up view answers the
        # same either way and tells the address's owner by e-mail.
        return normalise_email(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") and cleaned.get("email"):
            # Validators compare the password with what the account will hold (e-mail, name).
            probe = get_user_model()(email=cleaned["email"], first_name=cleaned.get("first_name", ""),
                                     username=cleaned["email"].split("@")[0])
            try:
                password_validation.validate_password(cleaned["password"], probe)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class SignInForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}))
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    error_messages = {
        "invalid_login": _("Wrong e-mail or password."),
        "inactive": _("This account is disabled."),
    }

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user_cache = None
        super().__init__(*args, **kwargs)

    def clean(self):
        email, password = self.cleaned_data.get("email"), self.cleaned_data.get("password")
        if email and password:
            self.user_cache = authenticate(self.request, email=email, password=password)
            if self.user_cache is None:
                raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        return self.cleaned_data

    def get_user(self):
        return self.user_cache


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)


class AddressForm(forms.ModelForm):
    class Meta:
        model = Address
        fields = ["name", "phone", "city", "delivery", "branch", "street_address", "is_default"]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "delivery": forms.RadioSelect,
            "street_address": forms.TextInput(attrs={"autocomplete": "street-address"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].max_length = 30
        self.fields["phone"].widget.attrs["maxlength"] = 30

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def clean(self):
        cleaned = super().clean()
        delivery = cleaned.get("delivery")
        if delivery == Address.Delivery.BRANCH:
            if not cleaned.get("branch", "").strip():
                self.add_error("branch", _("Enter the Nova Poshta branch number."))
            cleaned["street_address"] = ""
        elif delivery == Address.Delivery.COURIER:
            if not cleaned.get("street_address", "").strip():
                self.add_error("street_address", _("Enter the street, house and flat."))
            cleaned["branch"] = ""
        return cleaned


class ListNameForm(forms.Form):
    name = forms.CharField(label=_("List name"), max_length=NAME_MAX)


class BackInStockForm(forms.Form):
    product = forms.IntegerField(widget=forms.HiddenInput)
    variant = forms.IntegerField(required=False, label=_("Size"))
    email = forms.EmailField(label=_("E-mail"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
