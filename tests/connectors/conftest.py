"""Store suppliers against the fake stores, a clock that never sleeps, the catalog to compare."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from shop.models import Product, StockRecord
from suppliers.connectors import credentials
from suppliers.connectors import run as connector_run
from suppliers.connectors.http import Clock
from suppliers.models import CategoryMapping, Supplier
from tests.factories import make_catalog
from tests.suppliers_admin.conftest import manager, manager_client  # noqa: F401  (admin fixtures)

from .fakes import FakeMagento, FakeShopify, FakeWoo


class FakeClock(Clock):
    """Time moves only when a connector sleeps; every wait is written down."""

    def __init__(self):
        self.t = 1000.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.t += seconds


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(connector_run, "clock_factory", lambda: fake)
    return fake


@pytest.fixture(autouse=True)
def _local_stores(settings):
    settings.SUPPLIER_FEEDS_ALLOW_PRIVATE = True  # the fake stores listen on loopback
    settings.SUPPLIER_CONNECTOR_RETRIES = 3
    settings.SUPPLIER_CONNECTOR_BACKOFF = 0.5


@pytest.fixture
def catalog(db):
    return make_catalog()


def store_supplier(slug, dialect, url, secrets: dict, catalog=None, **fields) -> Supplier:
    supplier = Supplier.objects.create(
        name=fields.pop("name", slug.title()), slug=slug, dialect=dialect, feed_url=url,
        default_markup_percent=Decimal("0"), credentials=credentials.encrypt(secrets), **fields)
    return supplier


def map_all(supplier, category) -> None:
    CategoryMapping.objects.filter(supplier=supplier).update(category=category)


def sync(slug: str, *args) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("sync_supplier", slug, "--no-images", *args, stdout=out)
    except CommandError as exc:
        return exc.returncode, str(exc)
    return 0, out.getvalue().strip()


def catalog_state(supplier) -> dict[str, tuple]:
    """supplier SKU -> (name, status, price, {size: quantity})."""
    stock = {}
    for code, size, qty in StockRecord.objects.filter(warehouse__supplier=supplier).values_list(
            "variant__product__supplier_sku", "variant__size", "quantity"):
        stock.setdefault(code, {})[size] = qty
    return {p.supplier_sku: (p.name, p.status, p.supplier_price, stock.get(p.supplier_sku, {}))
            for p in Product.objects.filter(supplier=supplier)}


@pytest.fixture
def woo(httpserver):
    return FakeWoo(httpserver)


@pytest.fixture
def woo_supplier(woo, catalog):
    return store_supplier("lumo", "woocommerce", woo.url, {
        "consumer_key": FakeWoo.KEY, "consumer_secret": FakeWoo.SECRET, "webhook_secret": "woo_secret"},
        adapter_options={"per_page": 10})


@pytest.fixture
def shopify(httpserver):
    return FakeShopify(httpserver)


@pytest.fixture
def shopify_supplier(shopify, catalog):
    return store_supplier("kalyna-shop", "shopify", shopify.url, {
        "access_token": FakeShopify.TOKEN, "webhook_secret": "shpss_client_secret"},
        adapter_options={"page_size": 2})


@pytest.fixture
def magento(httpserver):
    return FakeMagento(httpserver)


@pytest.fixture
def magento_supplier(magento, catalog):
    return store_supplier("tufli", "magento", magento.url, {"access_token": FakeMagento.TOKEN},
                          adapter_options={"page_size": 3})
