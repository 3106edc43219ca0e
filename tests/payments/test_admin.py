"""Payments in the admin: on each order's page, and a read-only list of all attempts."""

import pytest
from django.urls import reverse

from tests.admin.helpers import make_editor

from .fakes import liqpay_callback

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(db):
    return make_editor("manager", "view_order", "change_order", "view_payment")


def test_the_order_page_lists_its_payments_and_callbacks(client, paying, manager):
    order, payment = paying("liqpay")
    client.post(reverse("payment_callbacks:callback", args=["liqpay"]), liqpay_callback(payment))
    client.force_login(manager)
    html = client.get(reverse("order_admin:inspect", args=[order.pk])).content.decode()
    assert "data-order-payments" in html
    section = html.split("data-order-payments")[1]
    assert payment.reference in section and "123456789" in section and "success" in section


def test_an_order_without_online_payments_has_no_payments_section(client, place, manager):
    order = place("liqpay")
    client.force_login(manager)
    html = client.get(reverse("order_admin:inspect", args=[order.pk])).content.decode()
    assert "data-order-payments" not in html


def test_the_payments_list_is_read_only(client, paying, manager):
    order, payment = paying("liqpay")
    client.force_login(manager)
    response = client.get(reverse("payment_admin:index"))
    assert response.status_code == 200 and payment.reference in response.content.decode()
    assert client.get(reverse("payment_admin:inspect", args=[payment.pk])).status_code == 200
    assert client.get(reverse("payment_admin:edit", args=[payment.pk])).status_code in (302, 403)
    assert client.get(reverse("payment_admin:add")).status_code in (302, 403)
    nobody = make_editor("nobody")
    client.force_login(nobody)
    assert client.get(reverse("payment_admin:index")).status_code in (302, 403)
