"""Pages in the shopper's language, many at a time.

Wagtail's `page.localized` looks up the active Locale and then the page's
translation: two queries per page, which a breadcrumb trail or a row of
category tiles repeats for every page. `localized_pages` answers for a whole
list with at most two queries, with the same rule: the live translation in
the active language, else the page itself.
"""

from django.core.cache import cache
from django.utils import translation
from wagtail.models import Locale, Page

LOCALE_TTL = 300  # seconds; locales are added or removed about once in a shop's life


def active_locale():
    """Locale.get_active(), without a query on every call: links, tiles and breadcrumbs ask often."""
    language = translation.get_language()
    key = f"home:locale:{language}"
    locale = cache.get(key)
    if locale is None:
        try:
            locale = Locale.get_active()
        except Locale.DoesNotExist:  # no locales yet (a fresh database)
            return None
        if locale.language_code == language:  # not the default standing in for a missing one
            cache.set(key, locale, LOCALE_TTL)
    return locale


def localized_pages(pages, *, model=Page, select_related=()):
    """Each of `pages` (None dropped) as its live translation in the active language, if any.

    `model` and `select_related` shape the translations' query, e.g. CategoryPage
    with its image for tiles; pages already in the active language come back as given.
    """
    pages = [page for page in pages if page is not None]
    locale = active_locale()
    if locale is None:
        return pages
    foreign = {page.translation_key for page in pages if page.locale_id != locale.pk}
    translations = {}
    if foreign:
        found = (model.objects.live().filter(translation_key__in=foreign, locale=locale)
                 .select_related(*select_related))
        translations = {page.translation_key: page for page in found}
    return [translations.get(page.translation_key, page) if page.locale_id != locale.pk else page
            for page in pages]


def link_pages(value):
    """Every page chosen in a link (a struct with "page" and "url") anywhere inside a StreamField value."""
    from wagtail.blocks import StreamValue, StructValue
    from wagtail.blocks.list_block import ListValue

    if isinstance(value, StructValue) and "page" in value and "url" in value:
        if value["page"] is not None:
            yield value["page"]
        return
    if isinstance(value, StreamValue):
        children = (child.value for child in value)
    elif isinstance(value, StructValue):
        children = value.values()
    elif isinstance(value, ListValue | list | tuple):
        children = value
    else:
        return
    for child in children:
        yield from link_pages(child)
