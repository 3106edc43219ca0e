"""A category listing: filters from the query string, facet counts and one page of products.

Everything is filtered and counted in the database. The number of queries
depends on how many facets are applied, never on the page size or the
catalog size. Facet counts are disjunctive: the counts of an attribute are
computed with every filter applied except that attribute's own, so a shopper
sees how many goods each further choice would add.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from math import ceil

from django.conf import settings
from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.utils import timezone

from shop.facets import demi_season_option_id, facet_definitions
from shop.i18n import localized
from shop.models import CategoryPage, Product, ProductAttribute, StockRecord

SORTS = {
    "default": None,
    "new": ("-created_at", "-id"),
    "price_asc": ("current_price", "id"),
    "price_desc": ("-current_price", "-id"),
}
PRICE_STEP = 100
# Spring and autumn are demi-season months: such goods suit most shoppers then.
DEMI_SEASON_MONTHS = {3, 4, 5, 9, 10, 11}


@dataclass
class FacetValue:
    slug: str
    label: str
    count: int
    selected: bool
    swatch: str = ""


@dataclass
class Facet:
    slug: str
    label: str
    values: list

    @property
    def has_selection(self):
        return any(v.selected for v in self.values)


def parse_price(raw):
    try:
        value = Decimal(str(raw).replace(",", ".").replace(" ", ""))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() and 0 <= value < 10**9 else None


class ProductListing:
    def __init__(self, request, root, page_size=None):
        self.request = request
        self.root = root
        self.page_size = page_size or settings.SHOP_LISTING_PAGE_SIZE
        self.definitions = facet_definitions()
        params = request.GET
        self.selected = {}
        for definition in self.definitions:
            known = definition.option_by_slug()
            chosen = [known[s] for s in params.getlist(definition.slug) if s in known]
            if chosen:
                self.selected[definition.slug] = chosen
        self.sizes = [s for s in params.getlist("size") if s and len(s) <= 20][:30]
        self.price_min = parse_price(params.get("price_min", ""))
        self.price_max = parse_price(params.get("price_max", ""))
        self.in_stock_only = params.get("in_stock") == "1"
        self.sort = params.get("sort") if params.get("sort") in SORTS else "default"
        try:
            self.page_number = max(1, int(params.get("page", "1")))
        except ValueError:
            self.page_number = 1
        self._evaluate()

    # --- filters ---------------------------------------------------------
    def base(self):
        products = Product.objects.visible()
        if isinstance(self.root, CategoryPage):
            return products.filter(category__path__startswith=self.root.path)
        return products.filter(category__isnull=False)

    def filtered(self, *, skip=None):
        """Products with every filter applied, except the one named by `skip`."""
        products = self.base()
        for slug, options in self.selected.items():
            if slug != skip:
                products = products.filter(Exists(ProductAttribute.objects.filter(
                    product=OuterRef("pk"), option_id__in=[o.id for o in options]
                )))
        if self.sizes and skip != "size":
            products = products.filter(Exists(StockRecord.objects.filter(
                variant__product=OuterRef("pk"), variant__size__in=self.sizes, quantity__gt=0
            )))
        if self.in_stock_only:
            products = products.filter(in_stock=True)
        if skip != "price":
            products = products.filter(self.price_q())
        return products

    def price_q(self):
        q = Q()
        if self.price_min is not None:
            q &= Q(current_price__gte=self.price_min)
        if self.price_max is not None:
            q &= Q(current_price__lte=self.price_max)
        return q

    # --- evaluation ------------------------------------------------------
    def _evaluate(self):
        without_price = self.filtered(skip="price")
        stats = without_price.aggregate(
            total=Count("id", filter=self.price_q()),
            low=Min("current_price"), high=Max("current_price"),
        )
        self.total = stats["total"]
        self.price_floor = _round_down(stats["low"])
        self.price_ceiling = _round_up(stats["high"])
        self.num_pages = max(1, ceil(self.total / self.page_size))
        self.page_number = min(self.page_number, self.num_pages)
        start = (self.page_number - 1) * self.page_size
        self.products = list(
            self.ordered(self.filtered())[start:start + self.page_size].with_tile_data()
        )
        self.facets = self._attribute_facets() + [self._size_facet()]

    def ordered(self, products):
        order = SORTS[self.sort]
        if order:
            return products.order_by(*order)
        boost = demi_season_option_id()
        if boost and timezone.localdate().month in DEMI_SEASON_MONTHS:
            products = products.alias(boosted=Exists(ProductAttribute.objects.filter(
                product=OuterRef("pk"), option_id=boost
            )))
            return products.order_by("-in_stock", "-boosted", "-created_at", "-id")
        return products.order_by("-in_stock", "-created_at", "-id")

    def _counts(self, products, definition_ids):
        rows = (
            ProductAttribute.objects.filter(
                product__in=products.values("pk"), option__definition_id__in=definition_ids
            ).values_list("option_id").annotate(n=Count("product_id")).order_by()
        )
        return dict(rows)

    def _attribute_facets(self):
        counts = {}
        unselected = [d.id for d in self.definitions if d.slug not in self.selected]
        if unselected:
            counts.update(self._counts(self.filtered(), unselected))
        for definition in self.definitions:
            if definition.slug in self.selected:
                counts.update(self._counts(self.filtered(skip=definition.slug), [definition.id]))
        facets = []
        for definition in self.definitions:
            chosen = {o.slug for o in self.selected.get(definition.slug, ())}
            values = [
                FacetValue(o.slug, localized(o, "value"), counts.get(o.id, 0), o.slug in chosen,
                           o.swatch)
                for o in definition.options
                if counts.get(o.id) or o.slug in chosen
            ]
            if values:
                facets.append(Facet(definition.slug, localized(definition, "name"), values))
        return facets

    def _size_facet(self):
        rows = (
            StockRecord.objects.filter(
                variant__product__in=self.filtered(skip="size").values("pk"), quantity__gt=0
            ).values_list("variant__size").annotate(n=Count("variant__product_id", distinct=True))
            .order_by()
        )
        counts = dict(rows)
        sizes = sorted(set(counts) | set(self.sizes), key=_size_key)
        return Facet("size", "Розмір" if not _english() else "Size", [
            FacetValue(s, s, counts.get(s, 0), s in self.sizes) for s in sizes
        ])

    # --- template helpers ------------------------------------------------
    @property
    def has_filters(self):
        return bool(self.selected or self.sizes or self.in_stock_only
                    or self.price_min is not None or self.price_max is not None)

    def page_links(self):
        """Page numbers around the current one, with None for gaps."""
        pages, last = [], 0
        for n in range(1, self.num_pages + 1):
            if n in (1, self.num_pages) or abs(n - self.page_number) <= 2:
                if last and n - last > 1:
                    pages.append(None)
                pages.append(n)
                last = n
        return pages

    def query_for_page(self, number):
        params = self.request.GET.copy()
        params["page"] = number
        return params.urlencode()


def _round_down(value):
    return int(value // PRICE_STEP * PRICE_STEP) if value is not None else None


def _round_up(value):
    return int(-(-value // PRICE_STEP) * PRICE_STEP) if value is not None else None


def _size_key(size):
    try:
        return (0, float(size), size)
    except ValueError:
        return (1, 0.0, size)


def _english():
    from django.utils import translation

    return (translation.get_language() or "").startswith("en")
