"""What the search index knows about a product: built for a batch in a fixed number of queries.

Only findable products get a document: visible (published, not hidden) and
filed in a category that is live, as are all its ancestors. Everything is
indexed in both languages: names, category titles (with their translations'
titles) and attribute values; plus the supplier's own words for colours and
materials ("пудрові", "капучино"), which shoppers type too.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Locale, Page

from search.models import SearchPosting
from search.season import SEASON_BITS, SEASON_DEFINITION
from search.text import labelled_words
from shop.models import CategoryPage, Product, ProductAttribute

STEP = 4  # treebeard's path characters per tree level


@dataclass
class CategoryInfo:
    titles: list  # its own titles (every language), then its ancestors', nearest first
    ids: list  # its own id and its ancestor categories' ids
    findable: bool


@dataclass
class ProductDocument:
    id: int
    name: str
    name_en: str
    brand: str
    categories: list
    category_ids: list
    attributes: list = field(default_factory=list)  # option values (both languages), supplier words
    options: list = field(default_factory=list)  # "definition:option" slugs
    in_stock: bool = False
    price: Decimal = Decimal("0")
    created: float = 0.0

    def weighted_words(self, labels=None) -> dict:
        """word -> the weight of the best field it appears in (see SearchPosting.Field).
        `labels`, a dict, collects each folded word's written form."""
        found = {}
        fields = [
            (SearchPosting.Field.NAME, [self.name, self.name_en]),
            (SearchPosting.Field.CATEGORY, self.categories),
            (SearchPosting.Field.OTHER, [self.brand, *self.attributes]),
        ]
        for weight, texts in fields:
            for text in texts:
                for word, written in labelled_words(text):
                    found.setdefault(word, int(weight))
                    if labels is not None:
                        labels.setdefault(word, written)
        return found

    @property
    def season_bits(self) -> int:
        return sum(bit for slug, bit in SEASON_BITS.items() if f"{SEASON_DEFINITION}:{slug}" in self.options)

    def text(self) -> str:
        return " ".join(self.weighted_words())

    def for_meilisearch(self, boosted_options) -> dict:
        return {
            "id": self.id, "name": self.name, "name_en": self.name_en,
            "category": self.categories, "brand": self.brand, "attributes": self.attributes,
            "category_ids": self.category_ids, "options": self.options,
            "in_stock": int(self.in_stock), "price": float(self.price), "created": self.created,
            **{f"season_{slug.replace('-', '_')}": int(f"season:{slug}" in self.options)
               for slug in boosted_options},
        }


def category_infos() -> dict:
    """CategoryPage id (default language) -> CategoryInfo. The page tree is small: one query."""
    category_type = ContentType.objects.get_for_model(CategoryPage).pk
    default_locale = Locale.get_default().pk
    pages = list(Page.objects.filter(depth__gte=2).values(
        "id", "path", "title", "live", "translation_key", "locale_id", "content_type_id"))
    by_path = {p["path"]: p for p in pages}
    translated = defaultdict(list)
    for page in pages:
        if page["locale_id"] != default_locale and page["live"]:
            translated[page["translation_key"]].append(page["title"])
    infos = {}
    for page in pages:
        if page["content_type_id"] != category_type or page["locale_id"] != default_locale:
            continue
        chain = [by_path.get(page["path"][:end]) for end in range(2 * STEP, len(page["path"]) + 1, STEP)]
        categories = [p for p in reversed(chain) if p and p["content_type_id"] == category_type]
        infos[page["id"]] = CategoryInfo(
            titles=[t for p in categories for t in [p["title"], *translated[p["translation_key"]]]],
            ids=[p["id"] for p in categories],
            findable=all(p is not None and p["live"] for p in chain),
        )
    return infos


def build(product_ids, categories=None) -> tuple[list, list]:
    """(documents of the findable products among `product_ids`, ids of the others)."""
    ids = sorted({int(i) for i in product_ids})
    categories = category_infos() if categories is None else categories
    rows = Product.objects.visible().filter(pk__in=ids, category__isnull=False).values(
        "id", "name", "name_en", "brand", "category_id", "in_stock", "current_price", "created_at")
    documents = {}
    for row in rows:
        info = categories.get(row["category_id"])
        if info is None or not info.findable:
            continue
        documents[row["id"]] = ProductDocument(
            id=row["id"], name=row["name"], name_en=row["name_en"], brand=row["brand"],
            categories=info.titles, category_ids=info.ids, in_stock=row["in_stock"],
            price=row["current_price"], created=row["created_at"].timestamp(),
        )
    attributes = ProductAttribute.objects.filter(product_id__in=list(documents)).values_list(
        "product_id", "raw_value", "option__value", "option__value_en", "option__slug",
        "option__definition__slug")
    for product_id, raw, value, value_en, slug, definition in attributes:
        document = documents[product_id]
        document.attributes += [t for t in (value, value_en, raw) if t and t not in document.attributes]
        document.options.append(f"{definition}:{slug}")
    gone = [i for i in ids if i not in documents]
    return list(documents.values()), gone
