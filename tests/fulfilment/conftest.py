"""Two suppliers with a contact e-mail, their stock of a shoe, confirmed orders, a fake Nova Poshta."""

import uuid
from decimal import Decimal

import pytest

from shop.models import StockRecord, Warehouse, refresh_product_stock
from shop.orders.services.placement import place_order
from shop.orders.services.states import transition
from suppliers.models import Supplier
from tests.fulfilment.fake_novaposhta import FakeNovaPoshta, city, warehouse
from tests.orders.conftest import (  # noqa: F401 - fixtures shared with the orders tests
    boots,
    branch_delivery,
    cart_with,
    catalog,
    checkout_for,
    cod,
    shoe,
    size,
)


def make_supplier(name, slug, email="orders@example.com"):
    return Supplier.objects.create(name=name, slug=slug, contact_email=email,
                                   default_markup_percent=Decimal("0"))


def stock_only_at(product, warehouse, quantity=10):
    """Move the product's stock from our warehouse to the given one."""
    StockRecord.objects.filter(variant__product=product).update(quantity=0)
    for variant in product.variants.all():
        StockRecord.objects.update_or_create(variant=variant, warehouse=warehouse,
                                             defaults={"quantity": quantity})
    refresh_product_stock([product.pk])


def confirmed_order(items, delivery, payment, **fields):
    order = place_order(checkout_for(cart_with(*items), delivery, payment, **fields), uuid.uuid4().hex)
    return transition(order, "confirmed")


@pytest.fixture
def suppliers(db):
    return make_supplier("Крок Опт", "krok", "krok@example.com"), make_supplier("NewFeet", "newfeet",
                                                                                 "newfeet@example.com")


@pytest.fixture
def supplied(shoe, boots, suppliers):  # noqa: F811 - the fixtures imported above
    """The shoe is stocked by the first supplier, the boots by the second."""
    krok, newfeet = suppliers
    stock_only_at(shoe, Warehouse.objects.get(supplier=krok))
    stock_only_at(boots, Warehouse.objects.get(supplier=newfeet))
    shoe.refresh_from_db()
    boots.refresh_from_db()
    return shoe, boots


@pytest.fixture
def fake_np(httpserver, settings):
    settings.NOVA_POSHTA_API_KEY = "test-key"
    settings.NOVA_POSHTA_API_URL = httpserver.url_for("/v2.0/json/")
    settings.NOVA_POSHTA_PRINT_URL = httpserver.url_for("/").rstrip("/")
    settings.NOVA_POSHTA_SENDER = {"ref": "sender-ref", "contact_ref": "sender-contact",
                                   "city_ref": "city-kyiv", "address_ref": "wh-kyiv-1",
                                   "phone": "380501112233"}
    return FakeNovaPoshta(httpserver, "test-key")


@pytest.fixture
def country(fake_np):
    fake_np.cities = [city("city-kyiv", "Київ"), city("city-lviv", "Львів", "Львівська"),
                      city("city-o1", "Олександрівка", "Кіровоградська"),
                      city("city-o2", "Олександрівка", "Одеська"), city("city-empty", "Київець")]
    fake_np.warehouses = [
        warehouse("wh-kyiv-1", "city-kyiv", 1, "Відділення №1: вул. Пирогівський шлях, 135"),
        warehouse("wh-kyiv-2", "city-kyiv", 2, "Відділення №2: вул. Богатирська, 11"),
        warehouse("wh-kyiv-p", "city-kyiv", 5501, "Поштомат №5501: вул. Хрещатик, 22", category="Postomat"),
        warehouse("wh-lviv-3", "city-lviv", 3, "Відділення №3: вул. Городоцька, 1"),
        warehouse("wh-o1-1", "city-o1", 1, "Відділення №1: вул. Центральна, 1"),
        warehouse("wh-o2-1", "city-o2", 1, "Відділення №1: вул. Шкільна, 4"),
    ]
    return fake_np


@pytest.fixture
def directory(country):
    from fulfilment.novaposhta.directory import refresh_directory

    refresh_directory()
    return country
