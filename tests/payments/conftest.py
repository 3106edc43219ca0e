"""Payments tests: a shoe in stock, a "card online" method per provider, providers' credentials,
and a fake Monobank API."""

import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from werkzeug import Response

from payments.attempts import start_payment
from payments.providers import monobank_key
from shop.orders.models import DeliveryMethod, PaymentMethod
from shop.orders.services.placement import place_order
from tests.factories import make_catalog, make_product
from tests.orders.conftest import cart_with, checkout_for

from .fakes import LIQPAY, MONOBANK_TOKEN, WAYFORPAY, MonobankKeys


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
def paying(place, monobank_api):
    """paying(provider) -> (order, its first payment, started at the provider)."""
    def build(provider, quantity=1):
        order = place(provider, quantity)
        return order, start_payment(order)
    return build
