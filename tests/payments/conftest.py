"""Payments tests: a shoe in stock, a "card online" method per provider, providers' credentials,
and a fake Monobank API."""

import base64
import json
from decimal import Decimal
from urllib.parse import parse_qs

import pytest
from django.core.cache import cache
from werkzeug import Response

from payments.attempts import start_payment
from payments.providers import liqpay, monobank_key, wayforpay
from shop.orders.models import DeliveryMethod, PaymentMethod
from shop.orders.services.placement import place_order
from tests.factories import make_catalog, make_product
from tests.orders.conftest import cart_with, checkout_for

from .fakes import LIQPAY, MONOBANK_TOKEN, WAYFORPAY, MonobankKeys, monobank_webhook, wayforpay_callback


@pytest.fixture(autouse=True)
def credentials(settings):
    settings.PAYMENTS_SANDBOX = False
    settings.PAYMENTS_BASE_URL = "https://shop.example.ua"
    settings.LIQPAY_PUBLIC_KEY, settings.LIQPAY_PRIVATE_KEY = LIQPAY["public"], LIQPAY["private"]
    settings.WAYFORPAY_MERCHANT_ACCOUNT = WAYFORPAY["account"]
    settings.WAYFORPAY_SECRET_KEY = WAYFORPAY["secret"]
    settings.WAYFORPAY_DOMAIN = "shop.example.ua"
    settings.MONOBANK_TOKEN = MONOBANK_TOKEN
    settings.PAYMENTS_UNPAID_EXPIRY_MINUTES = 60
    return settings


@pytest.fixture
def shoe(db):
    """1 890 ₴, size 38: 5 in stock in our own warehouse."""
    return make_product(make_catalog()["sneakers"], name="Кросівки Лумо", price="1890", sizes={"38": 5})


@pytest.fixture
def delivery(db):
    return DeliveryMethod.objects.update_or_create(code="nova-poshta-branch", defaults={
        "name": "Нова пошта", "needs": "branch", "price": Decimal("80"), "free_over": None,
        "active": True})[0]


def card_method(provider):
    return PaymentMethod.objects.update_or_create(code=f"card-{provider}", defaults={
        "name": f"Картка ({provider})", "kind": "card", "provider": provider, "active": True})[0]


@pytest.fixture
def place(shoe, delivery):
    """place(provider, quantity=1) -> a new order paid by card through `provider` (1 890 + 80 ₴ each)."""
    keys = iter(range(10_000))

    def build(provider, quantity=1):
        cart = cart_with((shoe.variants.get(size="38"), quantity))
        return place_order(checkout_for(cart, delivery, card_method(provider)), f"pay-{next(keys)}")
    return build


@pytest.fixture
def monobank_api(httpserver, settings):
    """A fake https://api.monobank.ua: invoice/create answers with a page on the same server,
    pubkey serves `httpserver.keys` (tests rotate them)."""
    settings.MONOBANK_API_URL = httpserver.url_for("").rstrip("/")
    httpserver.keys = MonobankKeys()
    cache.delete(monobank_key.CACHE_KEY)

    def pubkey(request):
        return Response(json.dumps({"key": httpserver.keys.public_b64()}), content_type="application/json")

    httpserver.expect_request("/api/merchant/pubkey", method="GET",
                              headers={"X-Token": MONOBANK_TOKEN}).respond_with_handler(pubkey)
    httpserver.expect_request("/api/merchant/invoice/create", method="POST",
                              headers={"X-Token": MONOBANK_TOKEN}).respond_with_json(
        {"invoiceId": "2210012MPLYwJjVUYv1", "pageUrl": httpserver.url_for("/pay/2210012MPLYwJjVUYv1")})
    return httpserver


@pytest.fixture
def provider_api(monobank_api, settings):
    """The providers' status requests, answered from `provider_api.at_provider`: {our reference:
    (payment, the provider's status)}; a payment not in it is unknown to the provider. Each fake
    checks that the request is signed (or authorised) as its provider documents."""
    server = monobank_api
    server.at_provider = {}
    settings.LIQPAY_API_URL = server.url_for("/liqpay/api/request")
    settings.WAYFORPAY_API_URL = server.url_for("/wayforpay/api")

    def liqpay_status(request):
        form = {name: values[0] for name, values in parse_qs(request.get_data(as_text=True)).items()}
        if liqpay.signature(LIQPAY["private"], form["data"]) != form["signature"]:
            return Response(json.dumps({"result": "error", "err_code": "invalid_signature"}), 200)
        asked = json.loads(base64.b64decode(form["data"]))
        assert (asked["action"], asked["public_key"]) == ("status", LIQPAY["public"])
        if asked["order_id"] not in server.at_provider:
            return Response(json.dumps({"result": "error", "status": "error",
                                        "err_code": "payment_not_found"}))
        payment, status = server.at_provider[asked["order_id"]]
        return Response(json.dumps({"result": "ok", "status": status, "amount": float(payment.amount),
                                    "currency": payment.currency, "order_id": payment.reference,
                                    "payment_id": 123456789, "public_key": LIQPAY["public"]}))

    def wayforpay_status(request):
        asked = json.loads(request.get_data())
        signed = wayforpay.sign(WAYFORPAY["secret"], [WAYFORPAY["account"], asked["orderReference"]])
        if asked["transactionType"] != "CHECK_STATUS" or asked["merchantSignature"] != signed:
            return Response(json.dumps({"reason": "Invalid signature", "reasonCode": 1103}))
        if asked["orderReference"] not in server.at_provider:
            return Response(json.dumps({"reason": "Transaction not found", "reasonCode": 1112}))
        return Response(wayforpay_callback(*server.at_provider[asked["orderReference"]]))

    def monobank_status(request):
        for payment, status in server.at_provider.values():
            if payment.provider_reference == request.args["invoiceId"]:
                return Response(monobank_webhook(payment, status), content_type="application/json")
        return Response(json.dumps({"errCode": "INVOICE_NOT_FOUND", "errText": "invoice not found"}), 404)

    server.expect_request("/liqpay/api/request", method="POST").respond_with_handler(liqpay_status)
    server.expect_request("/wayforpay/api", method="POST").respond_with_handler(wayforpay_status)
    server.expect_request("/api/merchant/invoice/status", method="GET",
                          headers={"X-Token": MONOBANK_TOKEN}).respond_with_handler(monobank_status)
    return server


@pytest.fixture
def paying(place, provider_api):
    """paying(provider) -> (order, its first payment, started at the provider)."""
    def build(provider, quantity=1):
        order = place(provider, quantity)
        return order, start_payment(order)
    return build
