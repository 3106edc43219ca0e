"""A NUL character (%00, \\u0000) anywhere a shopper can type is a 400 with a reason, never a
500 from PostgreSQL ("text fields cannot contain NUL"), and it changes nothing."""

import json

import pytest
from django.test import Client

from shop.customers.models import ShoppingList
from tests.customers.conftest import csrf_token

pytestmark = pytest.mark.django_db
PAGES = [
    "/orders/abc%00def/",
    "/lists/shared/abc%00/",
    "/account/lists/abc%00/",
    "/account/verify/x%00y/",
    "/search/?q=%D1%87%D0%BE%D0%B1%00",
    "/api/search?q=a%00b",
    "/api/customers/lists/abc%00/items",
]


@pytest.fixture
def browser():
    client = Client(enforce_csrf_checks=True)
    client.token = csrf_token(client, "/account/lists/")
    return client


@pytest.mark.parametrize("path", PAGES)
def test_a_nul_in_the_url_is_refused(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_the_api_answers_in_json(client):
    response = client.get("/api/search?q=a%00b")
    assert response.status_code == 400 and "NUL" in response.json()["detail"]


@pytest.mark.parametrize("url,field", [
    ("/cart/coupon/", "code"),
    ("/account/lists/add/", "name"),
    ("/account/sign-in/", "email"),
    ("/account/sign-up/", "email"),
])
def test_a_nul_in_a_form_field_is_refused(browser, url, field):
    response = browser.post(url, {field: "abc\x00def", "csrfmiddlewaretoken": browser.token})
    assert response.status_code == 400
    assert not ShoppingList.objects.exists()


def test_a_nul_in_a_json_body_is_refused_and_nothing_is_created(browser):
    response = browser.post("/api/customers/lists", json.dumps({"name": "Літо\u0000"}),
                            content_type="application/json", HTTP_X_CSRFTOKEN=browser.token)
    assert response.status_code == 400 and "NUL" in response.json()["detail"]
    assert not ShoppingList.objects.exists()


def test_a_nul_in_a_json_key_is_refused(browser):
    response = browser.post("/api/customers/lists", json.dumps({"na\u0000me": "Літо"}),
                            content_type="application/json", HTTP_X_CSRFTOKEN=browser.token)
    assert response.status_code == 400


def test_the_same_requests_without_nul_still_work(browser):
    response = browser.post("/api/customers/lists", json.dumps({"name": "Літо"}),
                            content_type="application/json", HTTP_X_CSRFTOKEN=browser.token)
    assert response.status_code == 201
    assert browser.get("/api/search?q=ab").status_code == 200
