"""Pages with personal data are never cached; a visitor who only looks at an empty cart
leaves no session behind."""

import pytest
from django.contrib.sessions.models import Session

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/cart/", "/en/cart/", "/account/sign-in/", "/account/lists/",
                                 "/orders/no-such-token/", "/api/orders/cart", "/api/customers/lists"])
def test_personal_pages_are_private_and_not_stored(client, url):
    cache_control = client.get(url)["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def test_catalog_pages_stay_cacheable(client):
    response = client.get("/api/search?q=x")
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("url", ["/cart/", "/api/orders/cart"])
def test_looking_at_an_empty_cart_writes_no_session(client, url):
    assert client.get(url).status_code == 200
    assert not Session.objects.exists() and "sessionid" not in client.cookies

