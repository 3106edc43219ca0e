"""Checkout with "card online": the payment is created after the order is placed and the shopper is
handed to the provider; the provider's return never marks anything paid on its own."""

import base64
import hashlib
import hmac
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from payments.models import Payment
from shop.orders.models import Order, PaymentMethod

from .conftest import card_method
from .fakes import LIQPAY, WAYFORPAY, liqpay_callback

pytestmark = pytest.mark.django_db


def check_out(client, shoe, delivery, provider, **extra):
    client.post("/cart/add/", {"variant": shoe.variants.get(size="38").pk})
    return client.post("/checkout/", {
        "name": "Олена Коваль", "phone": "067 123 45 67", "email": "olena@example.com",
        "delivery_method": delivery.pk, "city": "Київ", "branch": "12",
        "payment_method": card_method(provider).pk, "idempotency_key": "k-1", **extra})


def hidden_fields(html):
    return re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html)


def test_liqpay_checkout_creates_the_payment_and_hands_over_a_signed_form(client, shoe, delivery):
    response = check_out(client, shoe, delivery, "liqpay")
    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/payments/pay/{order.token}/?go=1"
    payment = order.payments.get()
    assert (payment.provider, payment.amount, payment.currency, payment.status) == \
        ("liqpay", order.total, "UAH", "created")

    page = client.get(response["Location"])
    html = page.content.decode()
    assert 'action="https://www.liqpay.ua/api/3/checkout"' in html and "data-autosubmit" in html
    # The storefront's CSP lets this one page's form go to the provider.
    assert "form-action 'self' https://www.liqpay.ua" in page["Content-Security-Policy"]
    fields = dict(hidden_fields(html))
    expected = base64.b64encode(hashlib.sha1(
        (LIQPAY["private"] + fields["data"] + LIQPAY["private"]).encode()).digest()).decode()
    assert fields["signature"] == expected
    data = json.loads(base64.b64decode(fields["data"]))
    assert (data["order_id"], data["amount"], data["action"]) == (payment.reference, "1970.00", "pay")
    assert data["server_url"] == "https://shop.example.ua/payments/callback/liqpay/"
    assert data["result_url"] == f"https://shop.example.ua/payments/pay/{order.token}/back/"
    assert "sandbox" not in data
    assert "data-autosubmit" not in client.get(reverse("payments:pay", args=[order.token])).content.decode()


def test_wayforpay_checkout_form_carries_the_documented_signature(client, shoe, delivery):
    check_out(client, shoe, delivery, "wayforpay")
    order = Order.objects.get()
    html = client.get(reverse("payments:pay", args=[order.token])).content.decode()
    assert 'action="https://secure.wayforpay.com/pay"' in html
    pairs = hidden_fields(html)
    fields = dict(pairs)
    names = [value for name, value in pairs if name == "productName[]"]
    signed = ";".join([WAYFORPAY["account"], "shop.example.ua", fields["orderReference"], fields["orderDate"],
                       "1970.00", "UAH", *names, "1", "1970.00"])
    assert fields["merchantSignature"] == hmac.new(
        WAYFORPAY["secret"].encode(), signed.encode(), hashlib.md5).hexdigest()
    assert fields["orderReference"] == order.payments.get().reference
    assert fields["serviceUrl"] == "https://shop.example.ua/payments/callback/wayforpay/"


def test_monobank_checkout_creates_an_invoice_in_kopiyky(client, shoe, delivery, monobank_api):
    check_out(client, shoe, delivery, "monobank")
    order = Order.objects.get()
    payment = order.payments.get()
    created = [json.loads(r.data) for r, _ in monobank_api.log if r.path.endswith("/invoice/create")]
    assert len(created) == 1
    invoice = created[0]
    assert (invoice["amount"], invoice["ccy"], invoice["paymentType"]) == (197000, 980, "debit")
    assert invoice["merchantPaymInfo"]["reference"] == payment.reference
    assert invoice["webHookUrl"] == "https://shop.example.ua/payments/callback/monobank/"
    assert invoice["validity"] == 3600
    assert payment.provider_reference == "2210012MPLYwJjVUYv1"
    html = client.get(reverse("payments:pay", args=[order.token])).content.decode()
    assert f'method="get" action="{monobank_api.url_for("/pay/2210012MPLYwJjVUYv1")}"' in html


def test_a_refused_invoice_is_shown_with_a_retry(client, shoe, delivery, monobank_api, httpserver):
    httpserver.clear_all_handlers()
    httpserver.expect_request("/api/merchant/invoice/create").respond_with_json(
        {"errCode": "BAD_REQUEST", "errText": "invalid 'amount'"}, status=400)
    check_out(client, shoe, delivery, "monobank")
    order = Order.objects.get()
    failed = order.payments.get()
    assert failed.status == "failed" and "invalid 'amount'" in failed.error
    html = client.get(reverse("payments:pay", args=[order.token])).content.decode()
    assert "data-payment-failed" in html and reverse("payments:retry", args=[order.token]) in html

    httpserver.clear_all_handlers()
    httpserver.expect_request("/api/merchant/invoice/create").respond_with_json(
        {"invoiceId": "second", "pageUrl": httpserver.url_for("/pay/second")})
    response = client.post(reverse("payments:retry", args=[order.token]))
    assert response.status_code == 302
    assert list(order.payments.order_by("pk").values_list("status", "provider_reference")) == [
        ("failed", ""), ("created", "second")]


def test_a_provider_without_credentials_fails_the_attempt_not_the_order(client, shoe, delivery, settings):
    settings.LIQPAY_PRIVATE_KEY = ""
    response = check_out(client, shoe, delivery, "liqpay")
    order = Order.objects.get()
    assert response.status_code == 302 and order.state == "new"
    assert "no credentials" in order.payments.get().error


def test_the_api_checkout_answers_with_the_pay_page(client, shoe, delivery):
    client.post("/cart/add/", {"variant": shoe.variants.get(size="38").pk})
    response = client.post("/api/orders/checkout", {
        "name": "Олена Коваль", "phone": "0671234567", "email": "olena@example.com",
        "delivery_method": str(delivery.pk), "payment_method": str(card_method("liqpay").pk),
        "city": "Київ", "branch": "12", "idempotency_key": "api-1"}, content_type="application/json")
    assert response.status_code == 201, response.content
    order = Order.objects.get()
    assert response.json()["url"] == f"/payments/pay/{order.token}/?go=1"
    assert order.payments.count() == 1


def test_coming_back_from_the_provider_proves_nothing(client, shoe, delivery):
    check_out(client, shoe, delivery, "liqpay")
    order = Order.objects.get()
    payment = order.payments.get()
    # A cross-site POST with the provider's (even genuinely signed) data: only the server callback counts.
    response = client.post(reverse("payments:back", args=[order.token]), liqpay_callback(payment))
    assert response.status_code == 302 and response["Location"].endswith(f"/orders/{order.token}/")
    order.refresh_from_db()
    assert order.payment_status == "unpaid"
    page = client.get(response["Location"]).content.decode()
    assert 'data-payment-status="unpaid"' in page and reverse("payments:pay", args=[order.token]) in page


def test_a_paid_order_shows_paid_and_its_pay_page_sends_back_to_the_confirmation(client, shoe, delivery):
    check_out(client, shoe, delivery, "liqpay")
    order = Order.objects.get()
    client.post(reverse("payment_callbacks:callback", args=["liqpay"]), liqpay_callback(order.payments.get()))
    response = client.get(reverse("payments:pay", args=[order.token]))
    assert response.status_code == 302 and response["Location"].endswith(f"/orders/{order.token}/")
    page = client.get(response["Location"]).content.decode()
    assert 'data-payment-status="paid"' in page
    assert reverse("payments:pay", args=[order.token]) not in page
    assert client.post(reverse("payments:retry", args=[order.token])).status_code == 302
    assert Payment.objects.count() == 1


def test_card_online_needs_a_known_provider():
    method = PaymentMethod(name="Картка", code="card", kind="card", provider="")
    with pytest.raises(ValidationError) as error:
        method.full_clean()
    assert "liqpay" in str(error.value)
    method.provider = "liqpay"
    method.full_clean()
    cod = PaymentMethod(name="Готівка", code="cod", kind="cod", provider="liqpay")
    cod.full_clean()
    assert cod.provider == ""
