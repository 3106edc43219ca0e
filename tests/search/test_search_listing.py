"""Search results are filtered, counted and paged in memory (search.listing) and their ranking is
remembered (search.backends.database): the same numbers as the listing's SQL statement, and never
stale once the catalog or the index changes."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from search import service
from search.listing import SearchListing
from shop.listing import ProductListing
from shop.models import AttributeOption, ProductAttribute, StockRecord, refresh_product_stock
from tests.factories import make_product
from tests.search.helpers import found

pytestmark = pytest.mark.django_db

FILTERS = [
    {}, {"colour": "black"}, {"colour": ["black", "white"], "sort": "price_desc"},
    {"size": "38", "in_stock": "1"}, {"size": ["38", "40"], "colour": "blue"},
    {"price_min": "1000", "price_max": "2500", "sort": "price_asc"}, {"price_max": "100"},
    {"season": "winter", "colour": "black"}, {"sort": "new", "page": "2"}, {"page": "9"},
]


def numbers(listing):
    return {
        "total": listing.total, "prices": (listing.price_floor, listing.price_ceiling),
        "page": (listing.page_number, listing.num_pages, listing.page_ids),
        "facets": [(f.slug, [(v.slug, v.count, v.selected) for v in f.values]) for f in listing.facets],
    }


def api(client, **params):
    response = client.get("/api/search", params)
    assert response.status_code == 200, response.content
    return response.json()


def facet(data, slug):
    return {v["slug"]: v["count"] for f in data["facets"] if f["slug"] == slug for v in f["values"]}


@pytest.mark.parametrize("params", FILTERS)
@pytest.mark.parametrize("query, root", [("кросівки", None), ("чорні", None), ("жіночі", "boots")])
def test_same_numbers_as_the_listing_statement(shop, query, root, params):
    make_product(shop["pages"]["sneakers"], name="Кросівки жіночі зимові чорні", price="3100",
                 options=["colour:black", "season:winter"], sizes={"38": 0, "40": 3})
    root = shop["pages"][root] if root else None
    ranked = service.run(query).hits.ids
    request = RequestFactory().get("/search/", {"q": query, **params})
    in_memory = SearchListing(request, root=root, ranked_ids=ranked, page_size=2)
    statement = ProductListing(request, root=root, ranked_ids=ranked, page_size=2)
    assert numbers(in_memory) == numbers(statement)


def test_searches_sharing_products_agree_with_the_statement(shop):
    """One process keeps the facts of many searches at once, whose hits overlap."""
    for query in ["кросівки", "чорні", "жіночі", "чоботи", "кросівки чорні", "туфлі"]:
        ranked = service.run(query).hits.ids
        for params in FILTERS[:6]:
            request = RequestFactory().get("/search/", {"q": query, **params})
            assert numbers(SearchListing(request, root=None, ranked_ids=ranked, page_size=2)) == numbers(
                ProductListing(request, root=None, ranked_ids=ranked, page_size=2)), (query, params)


def test_counts_follow_stock_and_attribute_changes(client, shop):
    assert api(client, q="кросівки", in_stock="1")["total"] == 2
    white = shop["products"]["white"]
    StockRecord.objects.filter(variant__product=white).update(quantity=0)
    refresh_product_stock([white.pk])  # sold out: listings and search hear of it at once
    data = api(client, q="кросівки", in_stock="1")
    assert data["total"] == 1 and [h["id"] for h in data["hits"]] == [shop["products"]["black"].pk]
    assert facet(api(client, q="кросівки"), "size") == {"38": 1}
    ProductAttribute.objects.create(product=white, option=AttributeOption.objects.get(
        definition__slug="colour", slug="black"))
    assert facet(api(client, q="кросівки"), "colour") == {"black": 2, "white": 1, "blue": 1}


def test_a_query_is_ranked_once_until_the_index_changes(shop):
    assert len(found("кросівки")) == 3
    with CaptureQueriesContext(connection) as queries:
        assert len(found("кросівки")) == 3
    assert not [q for q in queries.captured_queries if "search_searchposting" in q["sql"]]
    make_product(shop["pages"]["sneakers"], name="Кросівки нові")  # indexed: a new generation
    assert len(found("кросівки")) == 4


def test_the_same_search_with_another_filter_reads_only_its_page(client, shop):
    api(client, q="кросівки")
    with CaptureQueriesContext(connection) as queries:
        data = api(client, q="кросівки", colour="white", sort="price_asc")
    assert data["total"] == 1 and data["hits"][0]["name"] == "Кросівки жіночі білі текстильні"
    assert len(queries.captured_queries) == 1  # the hit's own row


def test_changes_other_processes_make_are_seen_within_max_age(client, shop, monkeypatch):
    import search.listing

    assert facet(api(client, q="кросівки"), "size") == {"38": 2}
    # Another process sells the white pair out; a per-process cache hears nothing of it.
    StockRecord.objects.filter(variant__product=shop["products"]["white"]).update(quantity=0)
    assert facet(api(client, q="кросівки"), "size") == {"38": 2}
    monkeypatch.setattr(search.listing, "MAX_AGE", 0)
    assert facet(api(client, q="кросівки"), "size") == {"38": 1}

