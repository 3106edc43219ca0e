"""The results page: facets, filters, sort and pagination like a category, corrections, empty pages."""

import re

import pytest

from search.models import SearchQuery
from tests.factories import make_product

pytestmark = pytest.mark.django_db


def get(client, path="/search/", **params):
    response = client.get(path, params)
    assert response.status_code == 200
    return response.content.decode()


def test_results_have_the_listing_facets_and_keep_the_query(client, shop):
    html = get(client, q="кросівки")
    assert "Знайдено 3 товари" in html
    assert 'name="colour" value="black"' in html and 'name="colour" value="white"' in html
    assert '<input type="hidden" name="q" value="кросівки">' in html  # the filter form keeps the search
    assert "Кросівки жіночі чорні шкіряні" in html and "Чоботи" not in html.split("listing__results")[1]


def test_filters_narrow_the_results(client, shop):
    html = get(client, q="кросівки", colour="black")
    assert "Знайдено 1 товар" in html and "Кросівки жіночі чорні шкіряні" in html
    assert "Кросівки жіночі білі текстильні" not in html
    assert 'href="/search/?q=%D0%BA%D1%80%D0%BE%D1%81%D1%96%D0%B2%D0%BA%D0%B8"' in html  # clear all keeps q
    html = get(client, q="кросівки", in_stock="1")
    assert "Знайдено 2 товари" in html and "сині замшеві" not in html
    html = get(client, q="кросівки", colour="no-such-colour", price_min="abc")
    assert "Знайдено 3 товари" in html  # unknown filter values are ignored
    html = get(client, q="кросівки", size="<b>x</b>")  # no such size: nothing, and escaped
    assert "Знайдено 0 товарів" in html and "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_sort_and_pagination_keep_the_query(client, shop, settings):
    settings.SHOP_LISTING_PAGE_SIZE = 2
    html = get(client, q="кросівки")
    assert 'href="?q=%D0%BA%D1%80%D0%BE%D1%81%D1%96%D0%B2%D0%BA%D0%B8&amp;page=2"' in html
    html = get(client, q="кросівки", page="2")
    assert html.count('<article class="tile') == 1
    cheap_first = get(client, q="кросівки", sort="price_asc")
    names = re.findall(r'class="stretched-link" href="[^"]+">([^<]+)<', cheap_first)
    assert names == ["Кросівки жіночі білі текстильні", "Кросівки жіночі сині замшеві"]


def test_relevance_is_the_default_order(client, shop):
    html = get(client, q="кросівки")
    names = re.findall(r'class="stretched-link" href="[^"]+">([^<]+)<', html)
    assert names[-1] == "Кросівки жіночі сині замшеві"  # out of stock last
    assert '<option value="default" selected>За відповідністю</option>' in html


def test_category_facet_narrows_to_a_category(client, shop):
    html = get(client, q="чорні")
    boots = shop["pages"]["boots"]
    assert f"category={boots.pk}" in html and "Жінкам › Чоботи" in html
    html = get(client, q="чорні", category=str(boots.pk))
    assert "Знайдено 1 товар" in html and "Чоботи гумові чорні" in html
    assert get(client, q="чорні", category="999999").count('<article class="tile') == 2  # unknown: ignored


def test_a_correction_is_announced(client, shop):
    html = get(client, q="rhjcsdrb")
    assert "Показано результати для <strong>кросівки</strong>." in html
    assert "Кросівки жіночі чорні шкіряні" in html
    assert 'href="/search/?q=rhjcsdrb&amp;exact=1"' in html
    assert "<h2>Nothing found</h2>" not in get(client, "/en/search/", q="rhjcsdrb")
    assert "Showing results for <strong>кросівки</strong>." in get(client, "/en/search/", q="rhjcsdrb")
    assert "search-correction" not in get(client, q="rhjcsdrb", exact="1")


def test_nothing_found_offers_suggestions_and_popular_searches(client, shop):
    SearchQuery.objects.create(text="чоботи", popular=True, hits=5, results=2)
    html = get(client, q="фламінго")
    assert "Нічого не знайдено" in html
    assert 'href="/search/?q=%D1%87%D0%BE%D0%B1%D0%BE%D1%82%D0%B8">чоботи</a>' in html  # popular
    html = get(client, q="чобтоии")
    assert "Можливо, ви мали на увазі:" in html and ">чоботи</a>" in html
    html = get(client, q="кросссіввкиии")
    assert ">кросівки</a>" in html  # shown as the catalog writes it, not folded


def test_short_and_empty_queries_ask_for_more(client, shop):
    assert "Введіть щонайменше дві літери." in get(client, q="к")
    assert "Type what you are looking for" in get(client, "/en/search/")


def test_the_header_search_works_with_and_without_javascript(client, shop):
    html = get(client, q="чоботи")
    form = re.search(r'<form class="search-box"[^>]*>', html).group(0)
    assert 'method="get" action="/search/"' in form  # a plain form without JS
    assert 'data-api="/api/search"' in form and 'data-lang="uk"' in form
    assert re.search(r'<script src="/static/js/search\.js" defer></script>', html)
    assert 'aria-controls="site-search-results"' in html
    assert 'data-lang="en"' in get(client, "/en/search/", q="чоботи")


def test_searches_are_logged_once_per_query_and_day(client, shop):
    for _ in range(3):
        get(client, q="Чоботи  ")
    get(client, q="чоботи", colour="black")  # a filter change is not a new search
    get(client, q="чоботи", page="2")
    query = SearchQuery.objects.get()
    assert (query.text, query.hits, query.results) == ("чоботи", 3, 2)
    assert list(query.days.values_list("hits", "results")) == [(3, 2)]
    get(client, q="фламінго")
    assert SearchQuery.objects.get(text="фламінго").results == 0


def test_popular_searches_block_shows_editor_and_popular_queries(shop):
    from django.template.loader import render_to_string

    SearchQuery.objects.create(text="ботильйони", popular=True, hits=9)
    SearchQuery.objects.create(text="сабо", popular=False, hits=99)
    SearchQuery.objects.create(text="кросівки", popular=True, hits=3)
    html = render_to_string("home/blocks/popular_searches.html",
                            {"value": {"heading": "Часто шукають", "queries": ["Кросівки", "угги"]}})
    labels = re.findall(r'class="chip" href="[^"]+">([^<]+)<', html)
    assert labels == ["Кросівки", "угги", "ботильйони"]


def test_many_results_stay_within_the_hit_limit(client, shop, settings):
    settings.SEARCH_MAX_HITS = 3
    for n in range(4):
        make_product(shop["pages"]["boots"], name=f"Чоботи осінні {n}")
    html = get(client, q="чоботи")
    assert "Знайдено 3 товари" in html
