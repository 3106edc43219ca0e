"""The season whose goods search ranks a little higher this month."""

from django.core.cache import cache
from django.utils import timezone

SEASON_DEFINITION = "season"
WINTER, SUMMER, DEMI_SEASON = "winter", "summer", "demi-season"
SEASONS = (WINTER, SUMMER, DEMI_SEASON)
SEASON_BITS = {WINTER: 1, SUMMER: 2, DEMI_SEASON: 4}
_BY_MONTH = {12: WINTER, 1: WINTER, 2: WINTER, 6: SUMMER, 7: SUMMER, 8: SUMMER}


def current_season(today=None) -> str:
    today = today or timezone.localdate()
    return _BY_MONTH.get(today.month, DEMI_SEASON)


def season_option_id(slug) -> int | None:
    """The AttributeOption id of a season (cached; None when the shop has no such option)."""
    from shop.models import AttributeOption

    key = f"search:season-option:{slug}"
    value = cache.get(key)
    if value is None:
        value = AttributeOption.objects.filter(
            definition__slug=SEASON_DEFINITION, slug=slug).values_list("pk", flat=True).first() or 0
        cache.set(key, value, 300)
    return value or None
