"""Ukrainian phone numbers, however typed, as +380XXXXXXXXX (checkout, saved addresses)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def normalize_phone(raw: str) -> str:
    """"067 123-45-67", "(067) 1234567", "671234567", "380671234567", "+38 067 123 45 67",
    "80671234567" -> "+380671234567"; anything else raises ValidationError."""
    text = (raw or "").strip()
    if re.search(r"[^\d\s()+\-.]", text) or text.count("+") > 1 or ("+" in text and not text.startswith("+")):
        raise ValidationError(_("Enter a Ukrainian phone number, e.g. 067 123 45 67."), code="phone")
    digits = re.sub(r"\D", "", text)
    if len(digits) == 10 and digits.startswith("0"):  # the national form: 0XX XXX XX XX
        digits = "38" + digits
    elif len(digits) == 11 and digits.startswith("80"):  # the old long-distance prefix
        digits = "3" + digits
    elif len(digits) == 9:  # the operator code and number, the leading 0 left out
        digits = "380" + digits
    # No operator code starts with 0: "+380 0..." is a typo, not a number.
    if len(digits) != 12 or not digits.startswith("380") or digits[3] == "0":
        raise ValidationError(_("Enter a Ukrainian phone number, e.g. 067 123 45 67."), code="phone")
    return "+" + digits
