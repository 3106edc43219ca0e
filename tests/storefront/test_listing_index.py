"""Category listings count in memory (shop.facet_index); search results count in SQL.

Both must show a shopper the same thing: the same products in the same order, the
same totals, price bounds and facet counts, whatever the filters, sort and page.
"""

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.utils import timezone

from shop import listing as listing_module
from shop.listing import ProductListing
from shop.models import AttributeOption, Product
from tests.factories import make_product

pytestmark = pytest.mark.django_db

SIZES = ["36", "37", "38", "39", "40", "42.5", "XL"]
PRICES = ["499", "999", "999", "1234", "1890", "2999", "2999.50"]

FILTERS = [
    {},
    {"colour": "black"},
    {"colour": ["black", "red"]},
    {"colour": "black", "season": "demi-season"},
    {"season": ["demi-season", "winter"], "material": "leather"},
    {"size": "38"},
    {"size": ["38", "XL"], "colour": "white"},
    {"size": "99"},
    {"price_min": "999", "price_max": "1890"},
    {"price_min": "999.01"},
    {"price_max": "2999.49", "colour": "red", "size": "40"},
    {"price_min": "5000"},
    {"in_stock": "1"},
    {"in_stock": "1", "material": "leather", "size": ["39", "40"], "price_max": "2000"},
]


class DatabaseListing(ProductListing):
    use_index = False


@pytest.fixture
def varied(site):
    """Sixty products over two leaves and their parent: colours, seasons, materials, sizes
    with and without stock, equal prices and creation times, sales, and a few not listed."""
    rng = random.Random(7)
    options = {d: list(AttributeOption.objects.filter(definition__slug=d)) for d in
               ("colour", "season", "material")}
    leaves = [site["sneakers"], site["boots"], site["women"]]
    moments = [timezone.now() - timedelta(days=n) for n in range(5)]
    for n in range(60):
        chosen = rng.sample(options["colour"], rng.choice([1, 1, 2]))
        chosen += rng.sample(options["season"], rng.choice([0, 1, 1]))
        chosen += rng.sample(options["material"], rng.choice([0, 1]))
        sizes = {size: rng.choice([0, 1, 3]) for size in rng.sample(SIZES, rng.randint(1, 3))}
        price = rng.choice(PRICES)
        sale = {"sale_price": Decimal(price) - 100} if n % 7 == 0 else {}
        status = "hidden" if n % 13 == 0 else "disabled" if n % 11 == 0 else "active"
        product = make_product(rng.choice(leaves), price=price, options=chosen, sizes=sizes,
                               status=status, **sale)
        Product.objects.filter(pk=product.pk).update(created_at=rng.choice(moments),
                                                     live=n % 17 != 5)
    return site


def shown(listing):
    """What a shopper sees of a listing."""
    return {
        "total": listing.total, "floor": listing.price_floor, "ceiling": listing.price_ceiling,
        "page": listing.page_number, "pages": listing.num_pages, "ids": listing.page_ids,
        "facets": [(f.slug, [(v.slug, v.count, v.selected) for v in f.values]) for f in listing.facets],
    }


PAGES = [("default", "1"), ("default", "2"), ("new", "2"), ("price_asc", "1"), ("price_desc", "3"),
         ("default", "99")]


def test_memory_and_sql_listings_agree(varied, monkeypatch):
    factory = RequestFactory()
    compared = 0
    for months in (set(range(1, 13)), set()):  # demi-season goods lifted in the default order, or not
        monkeypatch.setattr(listing_module, "DEMI_SEASON_MONTHS", months)
        for root in (varied["catalog"], varied["women"], varied["sneakers"]):
            for filters in FILTERS:
                for sort, page in PAGES:
                    request = factory.get("/", {**filters, "sort": sort, "page": page})
                    in_memory = shown(ProductListing(request, root=root, page_size=4))
                    in_sql = shown(DatabaseListing(request, root=root, page_size=4))
                    assert in_memory == in_sql, (root.title, filters, sort, page, months)
                    compared += bool(in_memory["ids"])
    assert compared > 400  # most combinations list something: the comparison is not vacuous


def test_a_listing_sees_changes_made_after_its_category_was_indexed(site):
    request = RequestFactory().get("/", {"colour": "black"})
    make_product(site["sneakers"], options=["colour:black"])
    assert ProductListing(request, root=site["sneakers"]).total == 1
    make_product(site["sneakers"], options=["colour:black"])
    assert ProductListing(request, root=site["sneakers"]).total == 2
