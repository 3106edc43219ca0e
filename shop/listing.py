"""A category listing: filters from the query string, facet counts and one page of products.

Facet counts are disjunctive: the counts of an attribute are computed with
every filter applied except that attribute's own, so a shopper sees how many
goods each further choice would add. The work is the same whatever the page
size, and takes a fixed number of queries whatever the filters chosen.

Two ways to the same numbers (tests check they agree):

- Category and catalog listings read their root's index (shop/facet_index.py):
  every listed product's price, stock, options and sizes in stock as bitsets,
  kept per process until the catalog changes. Filters, counts and the page are
  set operations on it, with no query once it is built; only the page's tiles
  are then read (see shop_tags.product_tiles).
- Listings restricted to a search's ranked ids are counted by
  _count_in_database (search/listing.py may answer it from memory too): the
  candidate products are read once into a common table expression with one
  true/false column per filter a facet may leave out (each chosen attribute,
  the sizes, the price range), and one statement derives from it the total and
  price bounds, the counts of every option and size, and the ids of the page's
  products.

See docs/benchmarks.md for what each costs on a 50,000-product catalog.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import chain, islice
from math import ceil, floor
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone
from django.utils.functional import cached_property

from shop.facet_index import index_for
from shop.facets import demi_season_option_id, facet_definitions
from shop.i18n import localized
from shop.models import CategoryPage, Product, ProductAttribute, StockRecord

# Sort name -> ORDER BY over the candidates' columns (see _summary_sql); None: the default order.
SORTS = {
    "default": None,
    "new": "c.created_at DESC, c.id DESC",
    "price_asc": "c.price ASC, c.id ASC",
    "price_desc": "c.price DESC, c.id DESC",
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
    # Category and catalog listings count from their root's index; tests set it to False
    # to compare with the SQL statement, which listings of ranked ids always use.
    use_index = True

    def __init__(self, request, root, page_size=None, ranked_ids=None, keep=None):
        """`root`: a CategoryPage or the CatalogPage (None: the whole catalog).

        `ranked_ids` restricts the listing to these products (a search's hits,
        best first) and makes their order the default one. `keep`: query
        parameters the filter form and its links carry along (the search text).
        """
        self.request = request
        self.root = root
        self.page_size = page_size or settings.SHOP_LISTING_PAGE_SIZE
        self.ranked_ids = None if ranked_ids is None else [int(i) for i in ranked_ids]
        self.keep = dict(keep or {})
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
        """Visible products of the root's subtree: what the listing shows with no filter."""
        products = Product.objects.visible()
        if self.ranked_ids is not None:
            products = products.filter(pk__in=self.ranked_ids)
        if isinstance(self.root, CategoryPage):
            if not self.root.numchild:  # a leaf: a plain column test the planner can estimate
                return products.filter(category_id=self.root.pk)
            # An editor unpublishes a category to take its goods off sale: not listed above it.
            return products.filter(category__path__startswith=self.root.path, category__live=True)
        return products.filter(category__live=True)

    def filters(self):
        """name -> condition on a product, for every filter a facet may leave out."""
        conditions = {
            slug: Q(pk__in=ProductAttribute.objects.filter(
                option_id__in=[o.id for o in options]).values("product_id"))
            for slug, options in self.selected.items()
        }
        if self.sizes:
            # Correlated: a few index probes per candidate, instead of reading every
            # stock record of these sizes in the whole catalog (~100 ms at 50,000 products).
            conditions["size"] = Exists(StockRecord.objects.filter(
                variant__product_id=OuterRef("pk"), variant__size__in=self.sizes, quantity__gt=0))
        if self.price_min is not None or self.price_max is not None:
            conditions["price"] = self.price_q()
        return {name: ExpressionWrapper(q, output_field=BooleanField()) for name, q in conditions.items()}

    def price_q(self):
        q = Q()
        if self.price_min is not None:
            q &= Q(current_price__gte=self.price_min)
        if self.price_max is not None:
            q &= Q(current_price__lte=self.price_max)
        return q

    # --- evaluation ------------------------------------------------------
    def _evaluate(self):
        offset = (self.page_number - 1) * self.page_size
        if self.ranked_ids == []:  # a search that found nothing: nothing to ask the database
            numbers, page = (0, None, None, {}, {}, []), None
            self.page_number = 1
        elif self.ranked_ids is None and self.use_index:
            numbers, page = self._count_in_memory(offset)
        else:
            numbers, page = self._count_in_database(offset)
        self.total, low, high, option_counts, size_counts, ids = numbers
        self.price_floor = _round_down(_decimal(low))
        self.price_ceiling = _round_up(_decimal(high))
        self.num_pages = max(1, ceil(self.total / self.page_size))
        if self.page_number > self.num_pages:  # past the last page: show the last one
            self.page_number = self.num_pages
            ids = page((self.page_number - 1) * self.page_size)
        self.page_ids = ids
        self.facets = self._attribute_facets(option_counts) + [self._size_facet(size_counts)]

    def _count_in_database(self, offset):
        """One statement: the numbers of the listing and its page (see the module's docstring)."""
        rows = self._run(offset)
        stats = next(row for row in rows if row[0] == "stats")
        numbers = (
            stats[3] or 0, stats[4], stats[5],
            {row[1]: row[3] for row in rows if row[0] == "option"},
            {row[2]: row[3] for row in rows if row[0] == "size"},
            [row[1] for row in rows if row[0] == "page"],
        )
        return numbers, lambda at: [row[1] for row in self._run(at, page_only=True)]

    def _count_in_memory(self, offset):
        """The same numbers from the root's index (shop.facet_index), without a query once it is built."""
        index = index_for(self._index_key(), self.base)
        return self._count_bits(index, offset, lambda matching, at: self._index_page(index, matching, at))

    def _count_bits(self, bits, offset, page):
        """The listing's numbers from a ProductBits (shop.facet_index) and a page function:
        page(matching products, offset) -> the ids of that page."""
        listed = bits.in_stock if self.in_stock_only else bits.everything
        chosen = {slug: bits.having_any(o.id for o in options) for slug, options in self.selected.items()}
        if self.sizes:
            chosen["size"] = bits.with_sizes(self.sizes)
        if self.price_min is not None or self.price_max is not None:
            chosen["price"] = bits.priced(self.price_min, self.price_max)

        def passing(but=None):
            """The listed products that pass every filter except `but` (disjunctive facets)."""
            products = listed
            for name, products_passing in chosen.items():
                if name != but:
                    products &= products_passing
            return products

        matching = passing()
        low, high = bits.price_bounds(passing(but="price"))
        option_counts = {}
        for definition in self.definitions:
            products = passing(but=definition.slug)
            for option in definition.options:
                option_counts[option.id] = bits.option_count(option.id, products)
        numbers = (matching.bit_count(), low, high, option_counts, bits.size_counts(passing(but="size")),
                   page(matching, offset))
        return numbers, lambda at: page(matching, at)

    def _index_key(self):
        """Which products base() lists: the root, and whether it is a leaf (see base())."""
        if isinstance(self.root, CategoryPage):
            return ("category", self.root.pk, not self.root.numchild)
        return ("catalog",)

    def _index_page(self, index, matching, offset):
        """The ids of the page's products, in the order of _order()."""
        if self.sort in ("price_asc", "price_desc"):
            ordered = index.by_price(matching, descending=self.sort == "price_desc")
        else:
            ordered = chain.from_iterable(
                index.by_newest(group) for group in self._default_groups(index, matching))
        return [index.ids[at] for at in islice(ordered, offset, offset + self.page_size)]

    def _default_groups(self, index, matching):
        """The matching products in groups listed one after another, each newest first:
        for the default order in stock before sold out, and (in spring and autumn)
        demi-season goods first within each; for "new" all in one group."""
        if self.sort == "new":
            return [matching]
        tiers = [matching & index.in_stock, matching & ~index.in_stock]
        boost = self._demi_season_boost()
        if boost:
            lifted = index.having_any([boost])
            tiers = [group for tier in tiers for group in (tier & lifted, tier & ~lifted)]
        return tiers

    def _demi_season_boost(self):
        """The demi-season option to lift in the default order, or None out of season."""
        boost = demi_season_option_id()
        return boost if boost and timezone.localdate().month in DEMI_SEASON_MONTHS else None

    @cached_property
    def products(self):
        """The page's products with their tile data (loaded on first use; the grid renders its
        tiles from page_ids with shop_tags.product_tiles, which loads only uncached ones)."""
        by_id = {p.pk: p for p in Product.objects.filter(pk__in=self.page_ids).with_tile_data()}
        return [by_id[pk] for pk in self.page_ids if pk in by_id]

    def _run(self, offset, page_only=False):
        """Rows of (kind, id, size, count, low, high); kinds: stats, option, size, page."""
        filters = self.filters()
        columns = {f"f{n}": condition for n, condition in enumerate(filters.values())}
        self._columns = dict(zip(filters, columns, strict=True))  # filter name -> its column
        products = self.base().filter(in_stock=True) if self.in_stock_only else self.base()
        candidates = products.annotate(**columns).values(
            "pk", "current_price", "in_stock", "created_at", *columns).order_by()
        sql, params = candidates.query.sql_with_params()
        head = (f"WITH {self._ranks_sql()}"
                f"c0 (id, price, in_stock, created_at{''.join(', ' + c for c in columns)}) "
                f"AS MATERIALIZED ({sql}) ")
        parts = [self._page_sql(offset)]
        if not page_only:
            parts += [self._stats_sql(), self._option_counts_sql(), self._size_counts_sql()]
        with connection.cursor() as cursor:
            cursor.execute(head + " UNION ALL ".join(p for p in parts if p), params)
            return cursor.fetchall()

    # The statement's parts. `c` is a candidate row; _passes(but=X) is the SQL
    # test "passes every filter except X" (X: an attribute slug, "size" or "price").
    # c0 is MATERIALIZED and joined first (CROSS JOIN fixes the order for SQLite, which
    # knows nothing of c0's size): the counts then visit only the candidates' attribute
    # and variant rows, not every row of the catalog. PostgreSQL plans the same either way.
    def _passes(self, but=None):
        kept = [f"c.{column}" for name, column in self._columns.items() if name != but]
        return " AND ".join(kept) or "1 = 1"

    def _page_sql(self, offset):
        ranked = " JOIN r ON r.id = c.id" if self._by_rank() else ""
        return (f"SELECT 'page', id, NULL, NULL, NULL, NULL FROM (SELECT c.id FROM c0 c{ranked} "
                f"WHERE {self._passes()} ORDER BY {self._order()} "
                f"LIMIT {int(self.page_size)} OFFSET {int(offset)}) p")

    def _by_rank(self):
        return self.ranked_ids is not None and self.sort == "default"

    def _ranks_sql(self):
        """The search's order as a table r(id, pos) (ids are ints from the search, never the request)."""
        if not self._by_rank():
            return ""
        rows = ", ".join(f"({int(pk)}, {pos})" for pos, pk in enumerate(self.ranked_ids))
        return f"r (id, pos) AS (VALUES {rows}), "

    def _stats_sql(self):
        """The total, and the price bounds the price filter itself does not narrow."""
        return (f"SELECT 'stats', NULL, NULL, SUM({_one_if(self._passes())}), MIN(c.price), MAX(c.price) "
                f"FROM c0 c WHERE {self._passes(but='price')}")

    def _option_counts_sql(self):
        """Per option: products passing every filter but those of the option's own attribute."""
        option_ids = [o.id for d in self.definitions for o in d.options]
        if not option_ids:
            return None
        chosen = [d for d in self.definitions if d.slug in self.selected]
        count = "".join(f" WHEN pa.option_id IN ({_ids(o.id for o in d.options)}) "
                        f"THEN {_one_if(self._passes(but=d.slug))}" for d in chosen)
        count = f"CASE{count} ELSE {_one_if(self._passes())} END" if chosen else _one_if(self._passes())
        # Only candidates that some count can include are joined to their attributes.
        wanted = " OR ".join(f"({self._passes(but=d.slug)})" for d in chosen) or self._passes()
        return (f"SELECT 'option', pa.option_id, NULL, SUM({count}), NULL, NULL "
                f"FROM c0 c CROSS JOIN shop_productattribute pa WHERE pa.product_id = c.id "
                f"AND pa.option_id IN ({_ids(option_ids)}) AND ({wanted}) GROUP BY pa.option_id")

    def _size_counts_sql(self):
        """Per size: products passing every other filter that have the size in stock."""
        return (f"SELECT 'size', NULL, v.size, COUNT(DISTINCT v.product_id), NULL, NULL "
                f"FROM c0 c CROSS JOIN shop_variant v "
                f"WHERE v.product_id = c.id AND {self._passes(but='size')} "
                f"AND EXISTS (SELECT 1 FROM shop_stockrecord s WHERE s.variant_id = v.id AND s.quantity > 0) "
                f"GROUP BY v.size")

    def _order(self):
        if SORTS[self.sort]:
            return SORTS[self.sort]
        if self._by_rank():
            return "r.pos"
        boost = self._demi_season_boost()
        if boost:
            boosted = ("EXISTS (SELECT 1 FROM shop_productattribute b "
                       f"WHERE b.product_id = c.id AND b.option_id = {int(boost)})")
            return f"c.in_stock DESC, {boosted} DESC, c.created_at DESC, c.id DESC"
        return "c.in_stock DESC, c.created_at DESC, c.id DESC"

    def _attribute_facets(self, counts):
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

    def _size_facet(self, counts):
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

    @property
    def keep_query(self):
        """"?q=..." for links that drop every filter but must keep the search; "" on categories."""
        return "?" + urlencode(self.keep) if self.keep else ""

    def query_for_page(self, number):
        params = self.request.GET.copy()
        params["page"] = number
        return params.urlencode()


def _ids(ids):
    return ", ".join(str(int(i)) for i in ids)  # ids from the database, never from the request


def _one_if(condition):
    return f"CASE WHEN {condition} THEN 1 ELSE 0 END"


def _decimal(value):
    # SQLite hands back floats for a raw MIN/MAX over a decimal column.
    return value if value is None or isinstance(value, Decimal) else Decimal(str(value))


def _round_down(value):
    # math.floor/ceil, not //: Decimal's // truncates towards zero, so -(-x // n) does not round up.
    return floor(value / PRICE_STEP) * PRICE_STEP if value is not None else None


def _round_up(value):
    return ceil(value / PRICE_STEP) * PRICE_STEP if value is not None else None


def _size_key(size):
    try:
        return (0, float(size), size)
    except ValueError:
        return (1, 0.0, size)


def _english():
    from django.utils import translation

    return (translation.get_language() or "").startswith("en")
