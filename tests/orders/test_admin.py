"""Orders, coupons and methods in the Wagtail admin: permissions, filters, export, transitions."""

import io
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shop.models import StockRecord
from shop.orders.models import Order
from shop.orders.services.placement import place_order
from tests.admin.helpers import make_editor
from tests.orders.conftest import cart_with, checkout_for, size

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(db):
    return make_editor("manager", "view_order", "change_order")


@pytest.fixture
def viewer(db):
    return make_editor("viewer", "view_order")


_keys = itertools.count()


def make_orders(product, delivery, payment, count):
    return [place_order(checkout_for(cart_with((size(product, "38"), 1)), delivery, payment,
                                     name=f"Покупець {n}"), f"key-{next(_keys)}")
            for n in range(count)]


def test_the_list_needs_permission(client, shoe, branch_delivery, cod, viewer):
    make_orders(shoe, branch_delivery, cod, 1)
    someone = make_editor("nobody")
    client.force_login(someone)
    assert client.get(reverse("order_admin:index")).status_code in (302, 403)
    client.force_login(viewer)
    response = client.get(reverse("order_admin:index"))
    assert response.status_code == 200 and "Покупець 0" in response.content.decode()
    assert client.get(reverse("order_admin:add")).status_code in (302, 403)


def test_list_query_count_does_not_grow_with_orders(client, shoe, branch_delivery, cod, manager):
    client.force_login(manager)
    make_orders(shoe, branch_delivery, cod, 1)
    client.get(reverse("order_admin:index"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("order_admin:index"))
    StockRecord.objects.filter(variant=size(shoe, "38")).update(quantity=50)
    make_orders(shoe, branch_delivery, cod, 8)
    client.get(reverse("order_admin:index"))
    with CaptureQueriesContext(connection) as nine:
        response = client.get(reverse("order_admin:index"))
    assert response.content.decode().count("Покупець") >= 9
    assert len(nine) == len(one)


def test_filters(client, shoe, boots, branch_delivery, cod, manager):
    client.force_login(manager)
    first = make_orders(shoe, branch_delivery, cod, 1)[0]
    second = place_order(checkout_for(cart_with((size(boots, "40"), 1)), branch_delivery, cod,
                                      name="Чоботар"), "boots")
    from shop.orders.services.states import transition

    transition(second, Order.State.CONFIRMED)
    url = reverse("order_admin:index")
    html = client.get(url, {"state": "confirmed"}).content.decode()
    assert "Чоботар" in html and first.number not in html
    html = client.get(url, {"payment_status": "paid"}).content.decode()
    assert "Чоботар" not in html and first.number not in html
    html = client.get(url, {"warehouse": first.lines.get().warehouse_id}).content.decode()
    assert "Чоботар" in html and first.number in html


def test_csv_and_xlsx_export(client, shoe, branch_delivery, cod, manager):
    import openpyxl

    client.force_login(manager)
    order = make_orders(shoe, branch_delivery, cod, 1)[0]
    csv = client.get(reverse("order_admin:index"), {"export": "csv"})
    text = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert order.number in text and "+380671234567" in text
    xlsx = client.get(reverse("order_admin:index"), {"export": "xlsx"})
    content = b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert any(order.number in [str(c.value) for c in row] for row in sheet.iter_rows())


def test_detail_shows_lines_customer_history_and_buttons(client, shoe, branch_delivery, cod, manager,
                                                         viewer):
    order = make_orders(shoe, branch_delivery, cod, 1)[0]
    client.force_login(manager)
    html = client.get(reverse("order_admin:inspect", args=[order.pk])).content.decode()
    assert "Кросівки Лумо" in html and "+380671234567" in html and "Склад" in html
    assert 'name="to_state" value="confirmed"' in html and 'value="cancelled"' in html
    client.force_login(viewer)
    html = client.get(reverse("order_admin:inspect", args=[order.pk])).content.decode()
    assert "Кросівки Лумо" in html and 'name="to_state"' not in html


def test_transition_buttons_post_and_check_permission(client, shoe, branch_delivery, cod, manager, viewer):
    order = make_orders(shoe, branch_delivery, cod, 1)[0]
    url = reverse("order_admin:transition", args=[order.pk])
    client.force_login(viewer)
    assert client.post(url, {"to_state": "confirmed"}).status_code == 403
    client.force_login(manager)
    assert client.get(url).status_code == 405
    client.post(url, {"to_state": "confirmed", "note": "ok"})
    client.post(url, {"to_state": "sent_to_supplier"})
    response = client.post(url, {"to_state": "shipped"}, follow=True)  # no tracking number
    order.refresh_from_db()
    assert order.state == "sent_to_supplier" and "tracking" in response.content.decode().lower()
    client.post(url, {"to_state": "shipped", "tracking_number": "20450012345678"})
    order.refresh_from_db()
    assert order.state == "shipped" and order.transitions.last().user == manager
    client.post(url, {"to_state": "paid"})
    order.refresh_from_db()
    assert order.payment_status == "unpaid"


def test_coupon_and_method_snippets_are_managed_in_the_admin(client, db):
    boss = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(boss)
    for model in ("coupon", "deliverymethod", "paymentmethod", "abandonedcart"):
        assert client.get(reverse(f"wagtailsnippets_orders_{model}:list")).status_code == 200
    html = client.get(reverse("wagtailsnippets_orders_deliverymethod:list")).content.decode()
    assert "Нова пошта, відділення" in html and "Самовивіз" in html  # the data migration's defaults
    response = client.post(reverse("wagtailsnippets_orders_coupon:add"), {
        "code": "autumn", "kind": "percent", "value": "15", "active": "on", "min_cart_total": "0",
        "category_limits-TOTAL_FORMS": "0", "category_limits-INITIAL_FORMS": "0",
        "product_limits-TOTAL_FORMS": "0", "product_limits-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302
    from shop.orders.models import Coupon

    assert Coupon.objects.get().code == "AUTUMN"
    assert client.get(reverse("wagtailsnippets_orders_abandonedcart:add")).status_code in (302, 403)
