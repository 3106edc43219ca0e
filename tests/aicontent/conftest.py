"""The fake Anthropic server, a catalog of products with attributes, and admin users."""

import os
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from suppliers.models import Supplier
from tests.aicontent.fake_anthropic import FakeAnthropic
from tests.factories import make_catalog, make_product


@pytest.fixture(autouse=True)
def english():
    """Jobs run outside requests, in the site's default language; the tests read English."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def fake_api(httpserver, settings):
    """The SDK pointed at a local server; retries never really sleep."""
    api = FakeAnthropic(httpserver)
    settings.ANTHROPIC_API_KEY = "test-key"
    settings.ANTHROPIC_BASE_URL = api.base_url
    settings.ANTHROPIC_MODEL = "claude-test"
    settings.ANTHROPIC_MAX_RETRIES = 2
    settings.AICONTENT_BATCH_THRESHOLD = 1000
    return api


@pytest.fixture
def sleeps(monkeypatch):
    """Every pause the SDK's retry backoff takes, recorded instead of slept."""
    import anthropic._base_client as base_client

    taken = []

    class Clock:
        sleep = staticmethod(taken.append)
        time = staticmethod(__import__("time").time)

    monkeypatch.setattr(base_client, "time", Clock)
    return taken


@pytest.fixture
def no_search_indexing(monkeypatch):
    """Skip search reindexing (it runs inline in tests) where a test saves hundreds of rows."""
    import search.indexing

    monkeypatch.setattr(search.indexing, "reindex_products", lambda product_ids: 0)


@pytest.fixture
def no_api_key(settings):
    settings.ANTHROPIC_API_KEY = ""


@pytest.fixture
def catalog(db):
    return make_catalog()


@pytest.fixture
def supplier(db):
    return Supplier.objects.create(name="NewFeet", slug="newfeet", default_markup_percent=Decimal("0"))


@pytest.fixture
def make_shoe(catalog):
    """A published sneaker, white textile, sizes 38 and 39."""
    def build(**fields):
        fields.setdefault("name", "Кросівки жіночі білі")
        fields.setdefault("brand", "Nordic")
        return make_product(catalog["sneakers"], sizes={"38": 2, "39": 1},
                            options=("colour:white", "material:textile"), **fields)
    return build


@pytest.fixture
def boss(db):
    return get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")


@pytest.fixture
def boss_client(client, boss):
    client.force_login(boss)
    return client


live_api = pytest.mark.skipif(not os.environ.get("ANTHROPIC_API_KEY"),
                              reason="ANTHROPIC_API_KEY is not set")
