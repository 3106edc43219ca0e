"""A signed-in shopper's order history at /account/orders/."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.models import StockRecord
from shop.orders.services.placement import place_order
from tests.orders.conftest import cart_with, checkout_for, size

pytestmark = pytest.mark.django_db


def orders_of(user, product, delivery, payment, count, start=0):
    return [place_order(checkout_for(cart_with((size(product, "38"), 1), user=user), delivery, payment,
                                     user=user), f"acc-{n}") for n in range(start, start + count)]


def test_signed_out_shoppers_are_sent_to_sign_in(client):
    response = client.get("/account/orders/")
    assert response.status_code == 302 and "next=/account/orders/" in response["Location"]


def test_history_lists_only_my_orders(client, shoe, branch_delivery, cod, user, django_user_model):
    mine = orders_of(user, shoe, branch_delivery, cod, 1)[0]
    other = django_user_model.objects.create_user("other", "other@example.com", "pw")
    theirs = orders_of(other, shoe, branch_delivery, cod, 1, start=10)[0]
    client.force_login(user)
    html = client.get("/account/orders/").content.decode()
    assert mine.number in html and theirs.number not in html
    detail = client.get(f"/account/orders/{mine.number}/")
    assert detail.status_code == 200 and "Кросівки Лумо" in detail.content.decode()
    assert client.get(f"/account/orders/{theirs.number}/").status_code == 404


def test_history_query_count_does_not_grow(client, shoe, branch_delivery, cod, user):
    StockRecord.objects.filter(variant=size(shoe, "38")).update(quantity=50)
    client.force_login(user)
    orders_of(user, shoe, branch_delivery, cod, 1)
    client.get("/account/orders/")
    with CaptureQueriesContext(connection) as one:
        client.get("/account/orders/")
    orders_of(user, shoe, branch_delivery, cod, 6, start=1)
    client.get("/account/orders/")  # warm the site-wide caches that new orders' stock signals reset
    with CaptureQueriesContext(connection) as seven:
        response = client.get("/account/orders/")
    assert response.content.decode().count("/account/orders/") >= 7
    assert len(seven) == len(one)
