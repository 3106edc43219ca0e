"""At most 120 searches a minute from one address, page and API together: then 429 with Retry-After."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    """Counters are per clock minute: keep every request of a test in the same one (at :30)."""
    import core.ratelimit

    monkeypatch.setattr(core.ratelimit, "_now", lambda: 1_800_000_030.0)


def test_the_121st_search_in_a_minute_is_refused(client, shop, settings):
    for n in range(120):
        path = "/api/search" if n % 2 else "/search/"
        assert client.get(path, {"q": "чоботи"}).status_code == 200, n
    page = client.get("/search/", {"q": "чоботи"})
    assert page.status_code == 429 and page["Retry-After"] == "31"
    assert "Забагато пошуків" in page.content.decode()
    api = client.get("/api/search", {"q": "чоботи"})
    assert api.status_code == 429 and api.json()["retry_after"] == int(api["Retry-After"])
    # Another address is not affected.
    assert client.get("/api/search", {"q": "чоботи"}, REMOTE_ADDR="10.0.0.2").status_code == 200


def test_forwarded_addresses_are_not_trusted_by_default(client, shop, settings):
    settings.SEARCH_RATE_LIMIT = 3
    for n in range(3):
        client.get("/api/search", {"q": "x"}, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert client.get("/api/search", {"q": "x"}, HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


def test_forwarded_addresses_when_the_setting_says_so(client, shop, settings):
    settings.SEARCH_RATE_LIMIT = 3
    settings.TRUST_X_FORWARDED_FOR = True
    for n in range(5):
        assert client.get("/api/search", {"q": "x"}, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code == 200
