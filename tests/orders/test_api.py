"""The cart's JSON endpoints: same rules as the forms, CSRF enforced, prices never from requests."""

import json
from decimal import Decimal

import pytest
from django.test import Client

from shop.models import Product
from shop.orders.models import Cart, CartLine
from tests.orders.conftest import size

pytestmark = pytest.mark.django_db

API = "/api/orders/cart"


@pytest.fixture
def browser(shoe):
    """A client that enforces CSRF like a real browser session, with its token at hand."""
    client = Client(enforce_csrf_checks=True)
    client.get(shoe.get_absolute_url())  # the add-to-cart form sets the CSRF cookie
    client.csrf = client.cookies["csrftoken"].value
    return client


def call(client, method, url, body=None, csrf=True):
    headers = {"HTTP_X_CSRFTOKEN": client.csrf} if csrf else {}
    return getattr(client, method)(url, data=json.dumps(body) if body is not None else None,
                                   content_type="application/json", **headers)


def test_empty_cart(browser, shoe):
    data = browser.get(API).json()
    assert data["count"] == 0 and data["lines"] == [] and data["can_checkout"] is False
    assert not Cart.objects.exists()


def test_add_change_delete(browser, shoe):
    response = call(browser, "post", API + "/lines", {"variant": size(shoe, "38").pk, "quantity": 2})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2 and data["total"] == "3780.00"
    line_id = data["lines"][0]["id"]

    data = call(browser, "patch", f"{API}/lines/{line_id}", {"quantity": 4}).json()
    assert data["lines"][0]["quantity"] == 4 and data["total_display"] == "7\u202f560\u00a0₴"

    data = call(browser, "delete", f"{API}/lines/{line_id}").json()
    assert data["count"] == 0 and not CartLine.objects.exists()


def test_changes_without_csrf_are_refused(browser, shoe):
    response = call(browser, "post", API + "/lines", {"variant": size(shoe, "38").pk}, csrf=False)
    assert response.status_code == 403
    assert not CartLine.objects.exists()
    call(browser, "post", API + "/lines", {"variant": size(shoe, "38").pk})
    line = CartLine.objects.get()
    assert call(browser, "patch", f"{API}/lines/{line.pk}", {"quantity": 3}, csrf=False).status_code == 403
    assert call(browser, "delete", f"{API}/lines/{line.pk}", csrf=False).status_code == 403
    line.refresh_from_db()
    assert line.quantity == 1


@pytest.mark.parametrize("body", [
    {"variant": 999999}, {"variant": "abc"}, {"variant": None},
    {"quantity": -1}, {"quantity": 0}, {"quantity": 10**9}, {"quantity": "many"},
])
def test_bad_bodies_get_a_clear_error_and_change_nothing(browser, shoe, body):
    payload = {"variant": size(shoe, "38").pk, "quantity": 1, **body}
    response = call(browser, "post", API + "/lines", payload)
    assert response.status_code in (400, 422)
    assert not CartLine.objects.exists()


def test_hidden_and_disabled_products_are_refused(browser, shoe):
    for status in ("hidden", "disabled"):
        Product.objects.filter(pk=shoe.pk).update(status=status)
        response = call(browser, "post", API + "/lines", {"variant": size(shoe, "38").pk})
        assert response.status_code == 400 and response.json()["detail"]
    assert not CartLine.objects.exists()


def test_a_tampered_price_is_ignored(browser, shoe):
    call(browser, "post", API + "/lines", {"variant": size(shoe, "38").pk, "price": "1.00",
                                            "unit_price": "1.00", "total": "1.00"})
    assert CartLine.objects.get().seen_price == Decimal("1890")
    assert browser.get(API).json()["total"] == "1890.00"


def test_another_sessions_line_is_not_found(browser, shoe):
    other = Client()
    other.post("/cart/add/", {"variant": size(shoe, "38").pk, "quantity": 2})
    theirs = CartLine.objects.get()
    call(browser, "post", API + "/lines", {"variant": size(shoe, "39").pk})
    assert call(browser, "patch", f"{API}/lines/{theirs.pk}", {"quantity": 1}).status_code == 404
    assert call(browser, "delete", f"{API}/lines/{theirs.pk}").status_code == 404
    theirs.refresh_from_db()
    assert theirs.quantity == 2
