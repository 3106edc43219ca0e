"""Search results as a listing: the category listing's filters, facets and pages over a search's hits.

shop.listing.ProductListing counts search results with one SQL statement over
the ranked ids (up to SEARCH_MAX_HITS), on every request: joining the hits to
their attributes and to every variant's stock is most of a search request's
database time. Yet what it reads changes only with the catalog: which hits are
listed, and each hit's price, stock, options and sizes in stock.

So SearchListing reads them once per query and keeps them in the process
(HitFacts: the listed hits in rank order, their prices, stock, options and
sizes as bitsets) for one catalog version (shop.facets.catalog_version:
product, attribute, stock and category changes make them stale at once; at
most MAX_AGE seconds, since a per-process cache never hears of another
process's changes). Each request still applies its own filters, counts its
own facets and picks its own page, from the bitsets and with no query.

Reading them takes three queries; the database groups the options and sizes,
so Python receives one row for each with its products, not one per product.
The ids go to the database as one parameter, not one per id.
"""

import hashlib
import json
import threading
import time
from array import array
from collections import OrderedDict
from copy import copy
from math import ceil, floor

from django.db import connection
from django.db.models import Exists, OuterRef
from django.db.models.expressions import RawSQL

from search.vocabulary import MAX_AGE
from shop.facet_index import ProductBits, bitset, bitsets, flags, grouped, money
from shop.facets import catalog_version
from shop.listing import ProductListing
from shop.models import CategoryPage, ProductAttribute, StockRecord, Variant

# Queries whose hit facts a process keeps, least recently used out first: ~40 KB for 1,000 hits.
MAX_QUERIES = 128

_facts = OrderedDict()
_lock = threading.Lock()


def id_list(ids):
    """`ids` for an `__in` lookup as one parameter, not one per id (a search sends up to 1,000:
    binding them one by one costs more Python time than the query itself)."""
    ids = [int(i) for i in ids]
    if connection.vendor == "postgresql":  # an array literal: psycopg would dump a list id by id
        return RawSQL("SELECT unnest(%s::bigint[])", ("{" + ",".join(map(str, ids)) + "}",))
    if connection.vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),))
    return ids


class HitFacts(ProductBits):
    """The listed hits of one search (a hit's position is its rank among them) and what the
    listing's filters and facets test, as bitsets over those positions."""

    def __init__(self, ids, cents, in_stock, newest, options, sizes):
        self.ids = array("q", ids)  # product ids, best first
        self.cents = array("q", cents)  # prices in cents (two decimal places: exact), per position
        self.size = len(ids)
        self.everything = (1 << self.size) - 1
        self.in_stock = in_stock
        self.newest = array("l", newest)  # positions, newest first (ties: the higher id first)
        self.cheapest = array("l", sorted(range(self.size), key=lambda at: (cents[at], ids[at])))
        self.options = options  # option id -> hits that have it
        self.sizes = sizes  # size -> hits with that size in stock

    @classmethod
    def read(cls, candidates, ranked_ids):
        """`candidates`: the listing's products (a queryset) among `ranked_ids`. Three queries;
        the database groups the options and sizes, one row for each with its products."""
        # Newest first (shop.listing.SORTS["new"]): the database sorts, no dates are read.
        rows = {pk: (price, stocked) for pk, price, stocked in candidates.order_by(
            "-created_at", "-pk").values_list("pk", "current_price", "in_stock")}
        ids = [pk for pk in dict.fromkeys(ranked_ids) if pk in rows]
        position = {pk: at for at, pk in enumerate(ids)}
        stocked = Variant.objects.filter(
            Exists(StockRecord.objects.filter(variant=OuterRef("pk"), quantity__gt=0)))
        return cls(ids, [int(rows[pk][0] * 100) for pk in ids],
                   bitset((at for at, pk in enumerate(ids) if rows[pk][1]), len(ids)),
                   [position[pk] for pk in rows],
                   _grouped(ProductAttribute.objects, "option_id", position),
                   _grouped(stocked, "size", position))

    # --- sets of hits ------------------------------------------------------
    def priced(self, low=None, high=None):
        """Hits whose price lies within [low, high] (Decimals; None: no bound)."""
        low = None if low is None else ceil(low * 100)
        high = None if high is None else floor(high * 100)
        return bitset((at for at, cents in enumerate(self.cents)
                       if (low is None or cents >= low) and (high is None or cents <= high)), self.size)

    # --- what a listing shows ------------------------------------------------
    def price_bounds(self, hits):
        """(cheapest, dearest) price among `hits`, or (None, None)."""
        marks = flags(hits, self.size)
        found = [at for at in self.cheapest if marks[at]]
        if not found:
            return None, None
        return money(self.cents[found[0]]), money(self.cents[found[-1]])

    def page(self, hits, sort, offset, count):
        """Ids of `hits` from `offset`: best first, or in the order of shop.listing.SORTS."""
        marks = flags(hits, self.size)
        if sort == "new":
            order = self.newest
        elif sort == "price_asc":
            order = self.cheapest
        elif sort == "price_desc":
            order = reversed(self.cheapest)
        else:
            order = range(self.size)
        found = (at for at in order if marks[at])
        return [self.ids[at] for _, at in zip(range(offset + count), found, strict=False)][offset:]


def _grouped(rows, key, position) -> dict:
    """{value of `key`: bitset of the hits having it}, from `rows` (a queryset of a model with a
    product_id) of the hits in `position` (product id -> position): one row per value."""
    return bitsets(grouped(rows.filter(product_id__in=id_list(list(position))), key), position)


def hit_facts(key, candidates, ranked_ids) -> HitFacts:
    """The facts of `ranked_ids` listed under `key` (the root), for the current catalog version;
    `candidates()` (a queryset) is only read when they are missing or stale."""
    version = catalog_version()  # read first: a change during the read leaves the result stale
    key = (key, hashlib.blake2b(array("q", ranked_ids).tobytes(), digest_size=16).digest())
    with _lock:
        entry = _facts.get(key)
        if entry is not None and entry[0] == version and time.monotonic() - entry[1] < MAX_AGE:
            _facts.move_to_end(key)
            return entry[2]
    since = time.monotonic()
    facts = HitFacts.read(candidates(), ranked_ids)
    with _lock:
        _facts[key] = (version, since, facts)
        _facts.move_to_end(key)
        while len(_facts) > MAX_QUERIES:
            _facts.popitem(last=False)
    return facts


def forget():
    """Drop every query's facts (tests, benchmarks)."""
    with _lock:
        _facts.clear()


class SearchListing(ProductListing):
    """ProductListing over a search's hits (`ranked_ids`), counted from the hits' facts in memory:
    the same filters, facets, pages and template helpers, without the counting statement."""

    def _count_in_database(self, offset):
        """What ProductListing asks the database for a search's hits, from HitFacts instead."""
        if not self.ranked_ids:
            return super()._count_in_database(offset)
        facts = hit_facts(self._root_key(), self._candidates, self.ranked_ids)
        return self._count_bits(facts, offset,
                                lambda matching, at: facts.page(matching, self.sort, at, self.page_size))

    def _candidates(self):
        """base() with the hits matched through one parameter instead of one per id."""
        unrestricted = copy(self)
        unrestricted.ranked_ids = None
        return unrestricted.base().filter(pk__in=id_list(self.ranked_ids))

    def _root_key(self):
        """What base() depends on besides the hits: the root, where it is and whether it is a leaf."""
        if isinstance(self.root, CategoryPage):
            return ("category", self.root.pk, self.root.path, not self.root.numchild)
        return ("catalog",)

