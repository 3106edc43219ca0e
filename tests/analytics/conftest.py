"""A catalog with two shoes, methods to check out with, and a shopper's browser."""

from decimal import Decimal

import pytest
from django.test import Client

from analytics import recorder
from shop.orders.models import DeliveryMethod, PaymentMethod
from tests.factories import make_catalog, make_product

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


@pytest.fixture(autouse=True)
def _empty_buffer():
    recorder.discard()
    yield
    recorder.discard()


@pytest.fixture
def catalog(db):
    return make_catalog()


@pytest.fixture
def shoe(catalog):
    return make_product(catalog["sneakers"], name="Кросівки Лумо", price="1890", sizes={"38": 5, "39": 1})


@pytest.fixture
def shopper(db):
    return Client(HTTP_USER_AGENT=BROWSER)


@pytest.fixture
def bot(db):
    return Client(HTTP_USER_AGENT=GOOGLEBOT)


@pytest.fixture
def methods(db):
    delivery = DeliveryMethod.objects.update_or_create(code="nova-poshta-branch", defaults={
        "name": "Нова пошта", "needs": "branch", "price": Decimal("80"), "free_over": Decimal("3000"),
        "active": True})[0]
    cod = PaymentMethod.objects.update_or_create(code="cash-on-delivery", defaults={
        "name": "Оплата при отриманні", "kind": "cod", "active": True})[0]
    return delivery, cod


def checkout_form(delivery, payment, key="k1"):
    return {"name": "Олена Коваль", "phone": "067 123 45 67", "email": "olena@example.com",
            "delivery_method": delivery.pk, "city": "Київ", "branch": "12", "address": "",
            "payment_method": payment.pk, "comment": "", "idempotency_key": key}
