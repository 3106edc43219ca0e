"""Ukrainian phone numbers in one shape: +380XXXXXXXXX."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_NOT_DIGITS = re.compile(r"[^\d+]")
_PUNCTUATION_ONLY = re.compile(r"[\d\s()+\-.]*")


def normalise_phone(value: str) -> str:
    """'067 123-45-67', '(067)1234567', '380671234567', '+38 067 123 45 67' -> '+380671234567'."""
    if not _PUNCTUATION_ONLY.fullmatch(value or ""):
        raise ValidationError(_("Enter a Ukrainian phone number, e.g. 067 123 45 67."), code="phone")
    raw = _NOT_DIGITS.sub("", value or "")
    digits = raw.lstrip("+")
    if "+" in digits:
        digits = ""  # a plus in the middle: not a number we understand
    if len(digits) == 10 and digits.startswith("0"):
        digits = "38" + digits
    elif len(digits) == 9:
        digits = "380" + digits
    if len(digits) != 12 or not digits.startswith("380"):
        raise ValidationError(_("Enter a Ukrainian phone number, e.g. 067 123 45 67."), code="phone")
    return "+" + digits
