"""A small catalog with a shoe in two sizes, delivery and payment methods, carts and checkouts."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from shop.orders.models import Cart, CartLine, Checkout, DeliveryMethod, PaymentMethod
from tests.factories import make_catalog, make_product


@pytest.fixture
def catalog(db):
    return make_catalog()


@pytest.fixture
def shoe(catalog):
    """1 890 ₴; size 38: 5 in stock, size 39: 1 in stock (both in our own warehouse)."""
    return make_product(catalog["sneakers"], name="Кросівки Лумо", price="1890", sizes={"38": 5, "39": 1})


@pytest.fixture
def boots(catalog):
    return make_product(catalog["boots"], name="Чоботи Зима", price="3200", sizes={"40": 3})


def size(product, label):
    return product.variants.get(size=label)


@pytest.fixture
def branch_delivery(db):
    return DeliveryMethod.objects.update_or_create(code="nova-poshta-branch", defaults={
        "name": "Нова пошта", "needs": "branch", "price": Decimal("80"), "free_over": Decimal("3000"),
        "active": True})[0]


@pytest.fixture
def cod(db):
    return PaymentMethod.objects.update_or_create(code="cash-on-delivery", defaults={
        "name": "Оплата при отриманні", "kind": "cod", "active": True})[0]


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("olena", "olena@example.com", "pw")


def cart_with(*items, user=None):
    """A cart holding (variant, quantity) pairs, priced as the shopper saw them now."""
    cart = Cart.objects.create(user=user)
    for variant, quantity in items:
        CartLine.objects.create(cart=cart, variant=variant, quantity=quantity,
                                seen_price=variant.product.current_price)
    return cart


def checkout_for(cart, delivery, payment, **fields):
    values = {"name": "Олена Коваль", "phone": "+380671234567", "email": "olena@example.com",
              "city": "Київ", "branch": "Відділення 12", **fields}
    return Checkout.objects.create(cart=cart, delivery_method=delivery, payment_method=payment, **values)
