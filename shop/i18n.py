"""Catalog texts hold both languages side by side: `name` (Ukrainian) and `name_en`."""

from django.utils import translation


def localized(obj, field: str, language: str | None = None):
    """The field in the active language, falling back to Ukrainian when English is empty."""
    language = language or translation.get_language() or "uk"
    if language.startswith("en"):
        value = getattr(obj, f"{field}_en", "")
        if value:
            return value
    return getattr(obj, field)
