"""Paying in a real browser: checkout -> our pay page -> a fake LiqPay checkout page -> the provider's
signed server callback -> back to the shop, where the order shows as paid."""

import base64
import hashlib
import json

import pytest
import requests
from werkzeug import Response

from shop.orders.models import Order
from tests.orders.test_browser import outside_the_event_loop

from .conftest import card_method
from .fakes import LIQPAY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def signature(data):
    digest = hashlib.sha1((LIQPAY["private"] + data + LIQPAY["private"]).encode()).digest()
    return base64.b64encode(digest).decode()


def signed(body):
    data = base64.b64encode(json.dumps(body).encode()).decode()
    return {"data": data, "signature": signature(data)}


@pytest.fixture
def fake_liqpay(httpserver, settings, live_server):
    """The checkout page shows a "Pay" link; paying sends the signed callback to server_url,
    then sends the shopper to result_url, as LiqPay does."""
    settings.LIQPAY_CHECKOUT_URL = httpserver.url_for("/api/3/checkout")
    settings.PAYMENTS_BASE_URL = live_server.url
    seen = {}

    def checkout_page(request):
        seen.update(json.loads(base64.b64decode(request.form["data"])))
        seen["signature_ok"] = request.form["signature"] == signature(request.form["data"])
        return Response(f'<!doctype html><title>LiqPay</title><p>{seen["amount"]} {seen["currency"]}</p>'
                        '<a id="pay" href="/approve">Pay</a>', content_type="text/html")

    def approve(request):
        callback = signed({"public_key": seen["public_key"], "status": "success", "payment_id": 777,
                           "order_id": seen["order_id"], "amount": float(seen["amount"]),
                           "currency": seen["currency"]})
        seen["callback_status"] = requests.post(seen["server_url"], data=callback, timeout=10).status_code
        return Response(status=302, headers={"Location": seen["result_url"]})

    httpserver.expect_request("/api/3/checkout", method="POST").respond_with_handler(checkout_page)
    httpserver.expect_request("/approve").respond_with_handler(approve)
    httpserver.expect_request("/favicon.ico").respond_with_data("", status=204)
    return seen


@pytest.fixture
def liqpay_method(db):
    return card_method("liqpay")


def test_check_out_pay_at_the_provider_and_see_the_order_paid(shoe, delivery, liqpay_method, fake_liqpay,
                                                              live_server, browser_page):
    method = liqpay_method
    page = browser_page
    page.goto(live_server.url + shoe.get_absolute_url())
    page.locator("label[for^=size-]", has_text="38").click()
    page.locator("form.buy button[type=submit]").click()
    page.locator("[data-cart-count]", has_text="1").wait_for()
    page.goto(live_server.url + "/checkout/")
    page.fill("#id_name", "Олена Коваль")
    page.fill("#id_phone", "067 123 45 67")
    page.fill("#id_email", "olena@example.com")
    page.locator("input[name=delivery_method]").first.check()
    page.fill("#id_city", "Київ")
    page.fill("#id_branch", "12")
    page.locator(f"input[name=payment_method][value='{method.pk}']").check()
    page.get_by_role("button", name="Підтвердити замовлення").click()

    # Our pay page hands the browser on by itself (no click) to the provider's page.
    page.wait_for_url("**/api/3/checkout")
    assert page.locator("p").inner_text() == "1970.00 UAH"
    assert fake_liqpay["signature_ok"]
    page.locator("#pay").click()

    page.wait_for_url("**/orders/*/")
    assert fake_liqpay["callback_status"] == 200
    assert page.locator("[data-payment-status]").get_attribute("data-payment-status") == "paid"
    order = outside_the_event_loop(lambda: Order.objects.get())
    assert order.payment_status == "paid" and order.number in page.locator("h1").inner_text()
