"""The filterable attributes, cached: every listing needs them and they rarely change."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection, transaction

CACHE_KEY = "shop:facet-definitions:v1"
VERSION_KEY = "shop:catalog-version"
SEASON_SLUG = "season"
DEMI_SEASON_SLUG = "demi-season"


@dataclass(frozen=True)
class FacetOption:
    id: int
    slug: str
    value: str
    value_en: str
    swatch: str


@dataclass(frozen=True)
class FacetDefinition:
    id: int
    slug: str
    name: str
    name_en: str
    options: tuple[FacetOption, ...] = field(default_factory=tuple)

    def option_by_slug(self):
        return {o.slug: o for o in self.options}


def facet_definitions() -> tuple[FacetDefinition, ...]:
    cached = cache.get(CACHE_KEY)
    if cached is None:
        cached = _load()
        cache.set(CACHE_KEY, cached, 300)
    return cached


def demi_season_option_id() -> int | None:
    from shop.models import AttributeOption

    key = CACHE_KEY + ":demi"
    value = cache.get(key)
    if value is None:
        value = (
            AttributeOption.objects.filter(
                definition__slug=SEASON_SLUG, slug=DEMI_SEASON_SLUG
            ).values_list("pk", flat=True).first()
            or 0
        )
        cache.set(key, value, 300)
    return value or None


def forget_facets(**kwargs):
    cache.delete_many([CACHE_KEY, CACHE_KEY + ":demi"])


def catalog_version() -> int:
    """A number that changes whenever listed products, their stock or the category tree change.

    Listing indexes (shop.facet_index) are kept for one version, so a change makes
    them stale at once instead of waiting for them to expire.
    """
    version = cache.get(VERSION_KEY)
    if version is None:
        import time

        # Microseconds: even after the cache is cleared, never a number an earlier one was
        # bumped to (that takes at least one change per microsecond since it was set).
        version = time.time_ns() // 1000
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def catalog_changed(**kwargs):
    """Signal receiver and plain call alike: the catalog changed, listing indexes are stale.

    Inside a transaction it bumps again on commit: a listing indexed in between read
    the rows as they were before the change, under the new number.
    """
    _bump()
    if connection.in_atomic_block:
        transaction.on_commit(_bump)


def _bump():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet: nothing cached depends on it
        pass


def _load():
    from shop.models import AttributeDefinition

    definitions = AttributeDefinition.objects.filter(filterable=True).prefetch_related("options")
    return tuple(
        FacetDefinition(
            id=d.pk, slug=d.slug, name=d.name, name_en=d.name_en,
            options=tuple(
                FacetOption(o.pk, o.slug, o.value, o.value_en, o.swatch)
                for o in sorted(d.options.all(), key=lambda o: (o.sort_order or 0, o.value))
            ),
        )
        for d in definitions
    )
