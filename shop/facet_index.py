"""A listing's products as bitsets: facets are counted and pages picked in memory.

Counting facets in the database joins every candidate product to its attributes
and to its variants' stock on each request: about 40 ms of PostgreSQL CPU for a
4,800-product category, for rows that change only when the catalog does. So each
process keeps, per listed category, an index of those rows, valid for one
`shop.facets.catalog_version` (any catalog change makes every index stale):

- products are numbered by price (then id), so a price range is a run of
  positions and the cheapest and dearest matches are the lowest and highest bits;
- a set of products is a Python int with one bit per position: an option, a size
  in stock and "in stock" are each one int, and a filter is an `&` of them;
- a count is `int.bit_count()`, a few hundred bytes of work per option.

Each request still applies its own filters, counts its own facets and picks its
own page from the index; only the catalog's rows are reused between requests.
"""

import threading
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from decimal import Decimal
from math import ceil, floor

from django.db.models import Aggregate, BigIntegerField, F, TextField, Window
from django.db.models.functions import Cast, Round, RowNumber

from shop.facets import catalog_version

# Listed roots whose index a process keeps, the least recently used dropped first: at
# 50,000 products a 4,800-product category's index takes ~0.4 MB, the whole catalog's ~2 MB.
MAX_INDEXES = 64
_BITS = bytes.maketrans(b"\x00\x01", b"01")  # flags -> the digits int(..., 2) reads
_UNBITS = bytes.maketrans(b"01", b"\x00\x01")

_indexes = OrderedDict()
_lock = threading.Lock()


def index_for(key, products):
    """The index of `products()` (a Product queryset) for the current catalog version.

    `key` names the listed root; the queryset is only built and read when the
    index is missing or stale.
    """
    version = catalog_version()  # read first: a change during the build leaves the result stale
    with _lock:
        entry = _indexes.get(key)
        if entry is not None and entry[0] == version:
            _indexes.move_to_end(key)
            return entry[1]
    index = FacetIndex.build(products())
    with _lock:
        _indexes[key] = (version, index)
        _indexes.move_to_end(key)
        while len(_indexes) > MAX_INDEXES:
            _indexes.popitem(last=False)
    return index


class ProductBits:
    """Sets of listed products as bitsets over their positions; subclasses number the positions
    (FacetIndex by price, search.listing.HitFacts by rank) and find prices and pages."""

    options: dict  # option id -> products that have it
    sizes: dict  # size -> products with that size in stock

    def having_any(self, option_ids):
        """Products with at least one of these options."""
        found = 0
        for option_id in option_ids:
            found |= self.options.get(option_id, 0)
        return found

    def with_sizes(self, sizes):
        """Products with at least one of these sizes in stock."""
        found = 0
        for size in sizes:
            found |= self.sizes.get(size, 0)
        return found

    def option_count(self, option_id, products):
        return (self.options.get(option_id, 0) & products).bit_count()

    def size_counts(self, products):
        """size -> how many of `products` have it in stock (sizes none of them has are left out)."""
        counts = {size: (have & products).bit_count() for size, have in self.sizes.items()}
        return {size: count for size, count in counts.items() if count}


class FacetIndex(ProductBits):
    def __init__(self, ids, cents, in_stock, newest, options, sizes):
        self.ids = ids  # product id at each position (positions in price order)
        self.cents = cents  # price in cents at each position, ascending
        self.size = len(ids)
        self.everything = (1 << self.size) - 1
        self.in_stock = in_stock
        self.newest = newest  # positions from the newest product to the oldest
        self.newest_rank = array("l", [0]) * self.size
        for rank, position in enumerate(newest):
            self.newest_rank[position] = rank
        self.options = options  # option id -> products that have it
        self.sizes = sizes  # size -> products with that size in stock

    @classmethod
    def build(cls, products):
        """Read the products' prices, stock, attributes and sizes in stock: three queries."""
        from shop.models import ProductAttribute, Variant

        # Cheapest first (the positions), each with its rank from the newest: the database sorts
        # and turns prices into cents, which is cheaper than reading decimals and timestamps.
        rows = list(products.annotate(
            cents=Cast(Round(F("current_price") * 100), BigIntegerField()),
            age=Window(RowNumber(), order_by=[F("created_at").desc(), F("pk").desc()]),
        ).order_by("current_price", "pk").values_list("pk", "cents", "in_stock", "age"))
        ids, cents, stocked, ages = zip(*rows, strict=True) if rows else ((), (), (), ())
        position = {pk: at for at, pk in enumerate(ids)}
        newest = array("l", [0]) * len(ids)
        for at, age in enumerate(ages):
            newest[age - 1] = at
        in_stock = bitset((at for at, flag in enumerate(stocked) if flag), len(ids))

        candidates = products.order_by().values("pk")
        attributes = ProductAttribute.objects.filter(product__in=candidates)
        options = bitsets(grouped(attributes, "option_id"), position)
        # A size is in stock when any warehouse has it (an id per such warehouse: sets ignore repeats).
        sizes = bitsets(grouped(Variant.objects.filter(product__in=candidates, stock__quantity__gt=0),
                                  "size"), position)
        return cls(array("q", ids), array("q", cents), in_stock, newest, options, sizes)

    # --- sets of products ------------------------------------------------
    def priced(self, low=None, high=None):
        """Products whose price lies within [low, high] (Decimals; None: no bound)."""
        start = 0 if low is None else bisect_left(self.cents, ceil(low * 100))
        stop = self.size if high is None else bisect_right(self.cents, floor(high * 100))
        if start >= stop:
            return 0
        return ((1 << stop) - 1) ^ ((1 << start) - 1)

    # --- what a listing shows ----------------------------------------------
    def price_bounds(self, products):
        """(cheapest, dearest) price among `products`, or (None, None)."""
        if not products:
            return None, None
        low = (products & -products).bit_length() - 1
        return money(self.cents[low]), money(self.cents[products.bit_length() - 1])

    def by_price(self, products, descending=False):
        """Positions of `products`, cheapest first (dearest first if `descending`)."""
        bits = flags(products, self.size)
        if descending:
            found = bits.rfind(1)
            while found >= 0:
                yield found
                found = bits.rfind(1, 0, found)
        else:
            found = bits.find(1)
            while found >= 0:
                yield found
                found = bits.find(1, found + 1)

    def by_newest(self, products):
        """Positions of `products`, newest first (ties: the higher id first)."""
        if products.bit_count() * 16 < self.size:  # a few: sort them rather than walk everyone
            yield from sorted(self.by_price(products), key=self.newest_rank.__getitem__)
            return
        bits = flags(products, self.size)
        for position in self.newest:
            if bits[position]:
                yield position


def bitset(positions, size):
    """The set of `positions` (each below `size`)."""
    marks = bytearray(size)
    for position in positions:
        marks[position] = 1
    return _from_flags(marks)


def _from_flags(marks):
    """An int with a bit set for each 1 in `marks` (built in C, not one `|=` per product)."""
    return int(marks[::-1].translate(_BITS), 2) if marks else 0


class _Joined(Aggregate):
    """A group's values as one comma-separated text (STRING_AGG, or GROUP_CONCAT on SQLite)."""

    function = "STRING_AGG"
    template = "%(function)s(CAST(%(expressions)s AS TEXT), ',')"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def grouped(rows, key):
    """(key, "product id,product id,...") per value of `key`: a row per option or size instead of
    a row per product and option, which is most of the work of reading a big category."""
    return rows.order_by().values(key).annotate(ids=_Joined("product_id")).values_list(key, "ids")


def bitsets(groups, position):
    """{key: bitset of the products} from grouped() rows; `position`: product id -> bit."""
    found = {}
    for key, joined in groups:
        marks = bytearray(len(position))
        for at in map(position.get, map(int, joined.split(","))):
            if at is not None:  # None: listed since the products were read (a newer version follows)
                marks[at] = 1
        found[key] = _from_flags(marks)
    return found


def flags(products, size):
    """`products` as bytes, one per position: 1 when the product is in the set."""
    return bytes(format(products, "b").zfill(size)[::-1], "ascii").translate(_UNBITS)


def money(cents):
    return Decimal(cents).scaleb(-2)
