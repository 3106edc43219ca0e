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


def test_behind_one_proxy_the_address_it_saw_counts_not_what_the_client_wrote(client, shop, settings):
    settings.SEARCH_RATE_LIMIT = 3
    settings.TRUSTED_PROXY_HOPS = 1  # nginx appends the address it saw: the last entry
    for n in range(5):  # five shoppers
        forwarded = f"198.51.100.1, 203.0.113.{n}"
        assert client.get("/api/search", {"q": "x"}, HTTP_X_FORWARDED_FOR=forwarded).status_code == 200
    for n in range(3):  # one attacker writing a new first entry each time
        client.get("/api/search", {"q": "x"}, HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.50")
    response = client.get("/api/search", {"q": "x"}, HTTP_X_FORWARDED_FOR="10.9.9.99, 203.0.113.50")
    assert response.status_code == 429


def test_behind_the_shipped_nginx_each_shopper_has_a_bucket(client, shop, settings):
    """gunicorn on a unix socket: REMOTE_ADDR is the same for all; nginx sets X-Real-IP."""
    settings.SEARCH_RATE_LIMIT = 3
    settings.CLIENT_ADDRESS_HEADER = "X-Real-IP"
    for _ in range(3):
        client.get("/api/search", {"q": "x"}, REMOTE_ADDR="", HTTP_X_REAL_IP="203.0.113.1",
                   HTTP_X_FORWARDED_FOR="1.1.1.1")
    blocked = client.get("/api/search", {"q": "x"}, REMOTE_ADDR="", HTTP_X_REAL_IP="203.0.113.1",
                         HTTP_X_FORWARDED_FOR="8.8.8.8")
    assert blocked.status_code == 429  # the client's own X-Forwarded-For changes nothing
    other = client.get("/api/search", {"q": "x"}, REMOTE_ADDR="", HTTP_X_REAL_IP="203.0.113.2")
    assert other.status_code == 200  # another shopper is not locked out
