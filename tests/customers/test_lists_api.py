"""The shopping-list JSON API under /api/customers/: the session's lists, CSRF on every change."""

import json
from decimal import Decimal

import pytest
from django.test import Client

from shop.customers.models import ListItem, ShoppingList

from .conftest import csrf_token

pytestmark = pytest.mark.django_db


def post(client, url, payload, token=None):
    headers = {"HTTP_X_CSRFTOKEN": token} if token else {}
    return client.post(url, json.dumps(payload), content_type="application/json", **headers)


@pytest.fixture
def browser():
    """A client that enforces CSRF like a browser, holding the token a page gave it."""
    client = Client(enforce_csrf_checks=True)
    client.token = csrf_token(client, "/account/lists/")
    return client


def test_a_visitor_creates_a_list_adds_and_removes_an_item(browser, boots):
    response = post(browser, "/api/customers/lists", {"name": "Літо"}, browser.token)
    assert response.status_code == 201
    created = response.json()
    assert created["name"] == "Літо" and created["items"] == []
    assert created["share_url"].endswith(f"/lists/shared/{ShoppingList.objects.get().share_token}/")

    url = f"/api/customers/lists/{created['token']}/items"
    response = post(browser, url, {"product_id": boots.pk}, browser.token)
    assert response.status_code == 201
    item = response.json()["items"][0]
    assert item["product_id"] == boots.pk and Decimal(item["price_when_added"]) == Decimal("2400")
    assert item["price_dropped"] is False
    assert post(browser, url, {"product_id": boots.pk}, browser.token).status_code == 200  # already there

    lists = browser.get("/api/customers/lists").json()
    assert [(sl["name"], len(sl["items"])) for sl in lists] == [("Літо", 1)]

    response = browser.delete(f"{url}/{boots.pk}", HTTP_X_CSRFTOKEN=browser.token)
    assert response.status_code == 204 and not ListItem.objects.exists()
    assert browser.delete(f"{url}/{boots.pk}", HTTP_X_CSRFTOKEN=browser.token).status_code == 404


def test_a_price_drop_shows_in_the_api(browser, boots):
    token = post(browser, "/api/customers/lists", {"name": "Літо"}, browser.token).json()["token"]
    post(browser, f"/api/customers/lists/{token}/items", {"product_id": boots.pk}, browser.token)
    boots.sale_price = Decimal("2000")
    boots.save()
    item = browser.get("/api/customers/lists").json()[0]["items"][0]
    assert item["price_dropped"] is True and Decimal(item["price"]) == Decimal("2000")


def test_changes_without_the_csrf_token_are_refused(browser, boots):
    assert post(browser, "/api/customers/lists", {"name": "Літо"}).status_code == 403
    assert post(browser, "/api/customers/lists", {"name": "Літо"}, "forged" * 6).status_code == 403
    assert not ShoppingList.objects.exists()
    token = post(browser, "/api/customers/lists", {"name": "Літо"}, browser.token).json()["token"]
    url = f"/api/customers/lists/{token}/items"
    assert post(browser, url, {"product_id": boots.pk}).status_code == 403
    post(browser, url, {"product_id": boots.pk}, browser.token)
    assert browser.delete(f"{url}/{boots.pk}").status_code == 403
    assert ListItem.objects.count() == 1


def test_another_sessions_list_is_not_found(browser, boots):
    token = post(browser, "/api/customers/lists", {"name": "Літо"}, browser.token).json()["token"]
    post(browser, f"/api/customers/lists/{token}/items", {"product_id": boots.pk}, browser.token)
    stranger = Client(enforce_csrf_checks=True)
    stranger_token = csrf_token(stranger, "/account/lists/")
    assert stranger.get("/api/customers/lists").json() == []
    url = f"/api/customers/lists/{token}/items"
    assert post(stranger, url, {"product_id": boots.pk}, stranger_token).status_code == 404
    assert stranger.delete(f"{url}/{boots.pk}", HTTP_X_CSRFTOKEN=stranger_token).status_code == 404
    assert ListItem.objects.count() == 1


@pytest.mark.parametrize("payload, status", [
    ({"name": ""}, 400),
    ({"name": "   "}, 400),
    ({"name": "x" * 81}, 400),
    ({}, 422),
    ({"name": ["Літо"]}, 422),
])
def test_bad_list_bodies_get_a_clear_error(browser, payload, status):
    response = post(browser, "/api/customers/lists", payload, browser.token)
    assert response.status_code == status and response.json()["detail"]
    assert not ShoppingList.objects.exists()


def test_a_duplicate_name_is_refused(browser):
    post(browser, "/api/customers/lists", {"name": "Літо"}, browser.token)
    response = post(browser, "/api/customers/lists", {"name": "ЛІТО"}, browser.token)
    assert response.status_code == 400 and "ЛІТО" in response.json()["detail"]
    assert ShoppingList.objects.count() == 1


@pytest.mark.parametrize("product_id", [0, 99999, "abc"])
def test_unknown_products_cannot_be_added(browser, product_id):
    token = post(browser, "/api/customers/lists", {"name": "Літо"}, browser.token).json()["token"]
    response = post(browser, f"/api/customers/lists/{token}/items", {"product_id": product_id}, browser.token)
    assert response.status_code in (404, 422)
    assert not ListItem.objects.exists()


def test_the_lists_are_in_the_openapi_schema(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/customers/lists" in paths and "/api/customers/lists/{token}/items" in paths
