"""Category listings: facets, filters, price bounds, sorting, pagination and a constant query count."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.models import ProductImage
from tests.factories import make_product
from tests.storefront.conftest import make_image

pytestmark = pytest.mark.django_db


def product_names(response):
    """Product names in the order the grid shows them."""
    return re.findall(r'class="stretched-link" href="/(?:en/)?product/[^"]+">([^<]+)</a>',
                      response.content.decode())


@pytest.fixture
def shoes(site):
    sneakers, boots = site["sneakers"], site["boots"]
    return {
        "black38": make_product(sneakers, name="Чорні 38", price="1234",
                                options=["colour:black", "material:leather"], sizes={"38": 2, "39": 0}),
        "black40": make_product(sneakers, name="Чорні 40", price="2999",
                                options=["colour:black", "material:suede"], sizes={"40": 1}),
        "red38": make_product(boots, name="Червоні 38", price="1890",
                              options=["colour:red", "material:leather"], sizes={"38": 3}),
        "white39": make_product(boots, name="Білі 39", price="999", options=["colour:white"],
                                sizes={"39": 1}),
    }


def test_facets_show_counts_per_option(client, site, shoes):
    html = client.get("/catalog/").content.decode()
    assert re.search(r'value="black">.*?чорний <span class="facet__count">2</span>', html, re.S)
    assert re.search(r'value="red">.*?червоний <span class="facet__count">1</span>', html, re.S)
    assert 'class="swatch swatch--black"' in html
    # Sizes count products that have the size in stock: 38 -> two products, 39 -> one (the other is sold out).
    assert re.search(r'name="size" value="38">\s*<label[^>]*>38 <span class="facet__count">2</span>', html)
    assert re.search(r'name="size" value="39">\s*<label[^>]*>39 <span class="facet__count">1</span>', html)


def test_filter_by_colour_and_size(client, site, shoes):
    response = client.get("/catalog/", {"colour": "black", "size": "38"})
    assert product_names(response) == ["Чорні 38"]
    html = response.content.decode()
    # The chosen boxes stay ticked and each has a chip that removes just that filter.
    assert re.search(r'name="colour" value="black" checked', html)
    assert 'href="/catalog/?size=38"' in html
    assert 'href="/catalog/?colour=black"' in html

    two_colours = product_names(client.get("/catalog/", {"colour": ["black", "red"], "size": "38"}))
    assert sorted(two_colours) == ["Червоні 38", "Чорні 38"]


def test_category_lists_only_its_own_subtree(client, site, shoes):
    names = product_names(client.get("/catalog/women/boots/"))
    assert sorted(names) == ["Білі 39", "Червоні 38"]


def test_price_bounds_are_rounded_to_hundreds(client, site, shoes):
    html = client.get("/catalog/").content.decode()
    assert 'name="price_min" min="0" step="any" inputmode="numeric"\n               placeholder="900"' in html
    assert 'placeholder="3000"' in html
    narrowed = client.get("/catalog/", {"price_min": "1000", "price_max": "2000"})
    assert sorted(product_names(narrowed)) == ["Червоні 38", "Чорні 38"]


def test_sort_by_price_both_ways(client, site, shoes):
    ascending = product_names(client.get("/catalog/", {"sort": "price_asc"}))
    assert ascending == ["Білі 39", "Чорні 38", "Червоні 38", "Чорні 40"]
    descending = product_names(client.get("/catalog/", {"sort": "price_desc"}))
    assert descending == list(reversed(ascending))
    assert 'value="price_desc" selected' in client.get("/catalog/", {"sort": "price_desc"}).content.decode()


def test_prices_on_tiles_are_formatted(client, site, shoes):
    html = client.get("/catalog/").content.decode()
    assert "1\u202f234\u00a0₴" in html
    assert "999\u00a0₴" in html


def test_pagination_links_keep_filters(client, site, settings):
    settings.SHOP_LISTING_PAGE_SIZE = 2
    for n in range(5):
        make_product(site["sneakers"], name=f"Модель {n}", price=str(1000 + n * 100),
                     options=["colour:black"])
    first = client.get("/catalog/", {"colour": "black", "sort": "price_asc"})
    assert product_names(first) == ["Модель 0", "Модель 1"]
    html = first.content.decode()
    assert 'href="?colour=black&amp;sort=price_asc&amp;page=3"' in html
    assert 'rel="next" href="?colour=black&amp;sort=price_asc&amp;page=2"' in html
    assert '<span class="pagination__current" aria-current="page">1</span>' in html
    last = client.get("/catalog/", {"colour": "black", "sort": "price_asc", "page": "3"})
    assert product_names(last) == ["Модель 4"]
    assert 'rel="prev"' in last.content.decode()
    assert 'rel="next"' not in last.content.decode()


def test_nothing_found_offers_a_reset(client, site, shoes):
    response = client.get("/catalog/", {"colour": "black", "size": "46"})
    html = response.content.decode()
    assert product_names(response) == []
    assert "Нічого не знайдено" in html
    assert '<a class="button" href="/catalog/">' in html


def test_out_of_stock_badge_on_tiles(client, site):
    make_product(site["sneakers"], name="Розпродано", sizes={"38": 0})
    assert "Немає в наявності" in client.get("/catalog/").content.decode()
    assert "Out of stock" in client.get("/en/catalog/").content.decode()


def count_queries(client, url, params):
    client.get(url, params)  # warm up: renditions, cached facets and menus
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries), response


def test_query_count_does_not_grow_with_page_size(client, site, settings):
    for n in range(40):
        product = make_product(site["sneakers"], name=f"Модель {n}",
                               options=["colour:black", "material:leather"])
        ProductImage.objects.create(product=product, image=make_image(f"p{n}"))
    settings.SHOP_LISTING_PAGE_SIZE = 4
    small, response = count_queries(client, "/catalog/", {})
    assert len(product_names(response)) == 4
    settings.SHOP_LISTING_PAGE_SIZE = 40
    large, response = count_queries(client, "/catalog/", {})
    assert len(product_names(response)) == 40
    assert small == large, (small, large)

    filtered, response = count_queries(client, "/catalog/", {"colour": "black", "material": "leather"})
    assert len(product_names(response)) == 40
    assert filtered <= 15


def facet_count(html, slug):
    match = re.search(rf'value="{slug}"(?: checked)?>.*?<span class="facet__count">(\d+)</span>', html, re.S)
    return int(match.group(1)) if match else 0


def test_the_catalog_is_read_once_until_it_changes(client, site, shoes):
    from shop.models import StockRecord, refresh_product_stock

    def read_catalog(params):
        """Whether the request read products' attributes or sizes, and the response."""
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/catalog/women/sneakers/", params)
        tables = ("shop_productattribute", "shop_variant")
        return any(table in q["sql"] for q in queries.captured_queries for table in tables), response

    assert read_catalog({})[0]  # the first listing indexes the category (and renders its tiles)
    again, response = read_catalog({})
    assert not again and facet_count(response.content.decode(), "black") == 2
    filtered, response = read_catalog({"colour": "black", "size": "40"})
    assert not filtered and product_names(response) == ["Чорні 40"]
    assert facet_count(response.content.decode(), "black") == 1

    make_product(site["sneakers"], name="Чорні нові", options=["colour:black"], sizes={"41": 1})
    html = client.get("/catalog/women/sneakers/").content.decode()
    assert facet_count(html, "black") == 3 and "Чорні нові" in html

    StockRecord.objects.filter(variant__product=shoes["black40"]).update(quantity=0)
    refresh_product_stock([shoes["black40"].pk])  # as the admin's stock grid does
    html = client.get("/catalog/women/sneakers/", {"in_stock": "1"}).content.decode()
    assert facet_count(html, "black") == 2
    assert "Чорні 40" not in product_names(client.get("/catalog/women/sneakers/", {"size": "40"}))

    from shop.models import ProductAttribute

    assert facet_count(client.get("/catalog/").content.decode(), "red") == 1
    ProductAttribute.objects.filter(product=shoes["red38"], option__slug="red").delete()
    assert facet_count(client.get("/catalog/").content.decode(), "red") == 0


def test_a_tile_is_rendered_again_when_what_it_shows_changes(client, site, shoes):
    assert "1\u202f234\u00a0₴" in client.get("/catalog/women/sneakers/").content.decode()
    product = shoes["black38"]
    product.sale_price = product.price - 300
    product.save()
    html = client.get("/catalog/women/sneakers/").content.decode()
    assert "934\u00a0₴" in html and 'class="price-old"' in html


def test_goods_of_an_unpublished_category_leave_the_listings_above_it(client, site, shoes):
    site["sneakers"].unpublish()
    for url in ("/catalog/", "/catalog/women/"):
        names = product_names(client.get(url))
        assert "Чорні 38" not in names and "Червоні 38" in names
