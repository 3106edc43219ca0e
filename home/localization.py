"""Pages in the shopper's language, many at a time.

Wagtail's `page.localized` looks up the active Locale and then the page's
translation: two queries per page, which a breadcrumb trail or a row of
category tiles repeats for every page. `localized_pages` answers for a whole
list with at most two queries, with the same rule: the live translation in
the active language, else the page itself.
"""

from wagtail.models import Locale, Page


def active_locale():
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:  # no locales yet (a fresh database)
        return None


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
