"""The categories a search's hits fall into, with counts: a facet on the results page and in
the header's instant search."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count
from django.utils import translation
from wagtail.models import Locale, Page

from shop.models import CategoryPage, Product

CACHE_KEY = "search:category-labels"
MAX_SHOWN = 8


@dataclass
class CategoryCount:
    id: int
    label: str
    count: int
    selected: bool = False


def labels() -> dict:
    """CategoryPage id -> {"uk": "Жінкам › Кросівки", "en": ...} (cached for five minutes)."""
    found = cache.get(CACHE_KEY)
    if found is not None:
        return found
    default = Locale.get_default()
    pages = list(CategoryPage.objects.filter(locale=default).values("id", "path", "title", "translation_key"))
    english = dict(Page.objects.filter(locale__language_code="en", live=True).exclude(locale=default)
                   .values_list("translation_key", "title"))
    by_path = {p["path"]: p for p in pages}
    found = {}
    for page in pages:
        parent = by_path.get(page["path"][:-4])
        names = {"uk": page["title"], "en": english.get(page["translation_key"], page["title"])}
        if parent:  # leaves repeat across groups (Жінкам › Кросівки, Чоловікам › Кросівки)
            names = {"uk": f"{parent['title']} › {names['uk']}",
                     "en": f"{english.get(parent['translation_key'], parent['title'])} › {names['en']}"}
        found[page["id"]] = names
    cache.set(CACHE_KEY, found, 300)
    return found


def counts(product_ids, selected_id=None, limit=MAX_SHOWN, known=None) -> list[CategoryCount]:
    """The categories holding most of these products, most first. `known`: the counts when the
    backend already has them (category id -> products), else they are counted in the database."""
    if not product_ids:
        return []
    if known is None:
        rows = (Product.objects.visible().filter(pk__in=product_ids).order_by()
                .values_list("category_id").annotate(n=Count("id")))
        known = dict(rows)
    language = "en" if (translation.get_language() or "").startswith("en") else "uk"
    names = labels()
    ranked = sorted(((n, pk) for pk, n in known.items() if pk in names), key=lambda r: (-r[0], r[1]))
    return [CategoryCount(pk, names[pk][language], n, pk == selected_id) for n, pk in ranked[:limit]]


def chosen_category(raw):
    """The live CategoryPage a `category` parameter names, else None (unknown values are ignored)."""
    try:
        pk = int(str(raw or "")[:12])
    except ValueError:
        return None
    return CategoryPage.objects.filter(pk=pk, live=True).first()
