"""The Meilisearch backend speaks the documented protocol: settings, documents in batches, searches.

Against a local HTTP server that answers like Meilisearch (fake_meilisearch.py).
"""

import pytest
from django.core.management import call_command

from search import indexing, service
from search.backends import meili, reset_backends
from search.models import SearchSynonym
from shop.models import StockRecord, refresh_product_stock
from tests.factories import make_product
from tests.search.fake_meilisearch import FakeMeilisearch

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake(httpserver, settings):
    settings.SEARCH_BACKEND = "meilisearch"
    settings.MEILISEARCH_URL = httpserver.url_for("/").rstrip("/")
    settings.MEILISEARCH_API_KEY = "test-key"
    reset_backends()
    return FakeMeilisearch(httpserver).install()


def test_settings_are_code_and_sent_as_documented(fake, db):
    call_command("search_reindex", "--settings-only")
    s = fake.settings
    assert s["searchableAttributes"] == ["name", "name_en", "category", "brand", "attributes"]
    assert s["rankingRules"][0] == "in_stock:desc"
    assert s["rankingRules"][1:7] == ["words", "typo", "proximity", "attribute", "sort", "exactness"]
    assert s["typoTolerance"] == {"enabled": True, "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9}}
    assert {"category_ids", "options", "in_stock", "price"} <= set(s["filterableAttributes"])
    assert {"season_winter", "season_summer", "season_demi_season", "price"} <= set(s["sortableAttributes"])
    assert s["synonyms"]["кроссовки"] == ["кросівки"] and s["synonyms"]["sneakers"] == ["кросівки"]
    assert "кросівки" not in s["synonyms"]  # one way: "кросівки" finds only what it says
    assert s["pagination"] == {"maxTotalHits": 1000}


def test_the_api_key_is_sent(fake, httpserver, db):
    call_command("search_reindex", "--settings-only")
    request = httpserver.log[0][0]
    assert request.headers["Authorization"] == "Bearer test-key"


def test_products_are_sent_as_documents_when_they_change(fake, shop):
    black = fake.documents[shop["products"]["black"].pk]
    assert black["name"] == "Кросівки жіночі чорні шкіряні" and black["name_en"].startswith("Women's")
    assert black["category"] == ["Кросівки", "Жінкам"] and black["brand"] == "Lumo"
    assert black["in_stock"] == 1 and black["price"] == 2400.0 and "colour:black" in black["options"]
    assert {"чорний", "black"} <= set(black["attributes"])
    assert fake.documents[shop["products"]["boots"].pk]["season_winter"] == 1
    assert shop["products"]["hidden"].pk not in fake.documents
    assert shop["products"]["draft"].pk not in fake.documents  # unpublished: deleted again
    assert any(f"{shop['products']['draft'].pk}" in d for d in fake.deletes)


def test_stock_crossing_zero_reindexes(fake, shop):
    black = shop["products"]["black"]
    StockRecord.objects.filter(variant__product=black).update(quantity=0)
    refresh_product_stock([black.pk])
    assert fake.documents[black.pk]["in_stock"] == 0
    StockRecord.objects.filter(variant__product=black).update(quantity=3)
    refresh_product_stock([black.pk])
    assert fake.documents[black.pk]["in_stock"] == 1


def test_documents_go_in_batches(fake, shop, monkeypatch):
    monkeypatch.setattr(meili, "BATCH", 3)
    fake.batches.clear()
    call_command("search_reindex")
    assert [len(batch) for batch in fake.batches] == [3, 3, 1]
    assert len(fake.documents) == 7


def test_searches_send_the_understood_query(fake, shop):
    boots, rubber = shop["products"]["boots"].pk, shop["products"]["rubber"].pk
    fake.hits = [rubber, boots]
    outcome = service.run("Чоботи ")
    assert outcome.hits.ids == [rubber, boots]
    sent = fake.searches[-1]
    assert sent["q"] == "чоботи " and sent["attributesToRetrieve"] == ["id"] and sent["limit"] == 1000
    assert sent["sort"][0].startswith("season_") and sent["sort"][0].endswith(":desc")
    fake.hits = []
    outcome = service.run("rhjcsdrb")  # nothing as typed: the corrected reading is sent
    assert [s["q"] for s in fake.searches[-2:]] == ["rhjcsdrb", "кросівки"]


def test_the_results_page_keeps_meilisearch_order(fake, shop, client):
    boots, rubber = shop["products"]["boots"].pk, shop["products"]["rubber"].pk
    fake.hits = [boots, rubber]
    html = client.get("/search/", {"q": "чоботи"}).content.decode()
    assert html.index("Чоботи жіночі коричневі зимові") < html.index("Чоботи гумові чорні")
    fake.hits = [rubber, boots]
    html = client.get("/search/", {"q": "чоботи"}).content.decode()
    assert html.index("Чоботи гумові чорні") < html.index("Чоботи жіночі коричневі зимові")


def test_synonym_changes_reach_the_server(fake, db):
    SearchSynonym.objects.create(terms="черевики, мартинси")
    assert fake.settings["synonyms"]["мартинси"] == ["черевики"]


def test_an_unreachable_server_falls_back_to_the_database(settings, shop):
    settings.SEARCH_BACKEND = "meilisearch"
    settings.MEILISEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    reset_backends()
    boots, rubber = shop["products"]["boots"].pk, shop["products"]["rubber"].pk
    assert set(service.run("чоботи").hits.ids) == {boots, rubber}


# --- the same behaviour against a real server: MEILISEARCH_URL=http://127.0.0.1:7700 pytest -m meilisearch
@pytest.fixture
def real_meilisearch(settings):
    import os

    url = os.environ.get("MEILISEARCH_URL")
    if not url:
        pytest.skip("MEILISEARCH_URL is not set")
    settings.SEARCH_BACKEND = "meilisearch"
    settings.MEILISEARCH_URL = url
    settings.MEILISEARCH_API_KEY = os.environ.get("MEILISEARCH_API_KEY", "")
    settings.MEILISEARCH_INDEX = "test_products"
    reset_backends()
    backend = meili.MeilisearchBackend()
    backend.configure()
    backend.clear()
    yield backend
    reset_backends()


def _wait(backend):
    for task in backend.client.get_tasks({"statuses": ["enqueued", "processing"]}).results:
        backend.client.wait_for_task(task.uid, timeout_in_ms=30_000)


@pytest.mark.meilisearch
def test_real_server_typos_layout_synonyms_and_stock(real_meilisearch, shop):
    indexing.reindex_all()
    _wait(real_meilisearch)
    keys = {p.pk: k for k, p in shop["products"].items()}
    ranked = [keys[pk] for pk in service.run("кросівкі").hits.ids]
    assert set(ranked) == {"black", "white", "sold_out"} and ranked[-1] == "sold_out"
    assert service.run("rhjcsdrb").correction.text == "кросівки"
    assert {keys[pk] for pk in service.run("сапоги").hits.ids} == {"boots", "rubber"}
    make_product(shop["pages"]["boots"], name="Чоботи нові")
    _wait(real_meilisearch)
    assert len(service.run("чоботи").hits.ids) == 3
