"""Which markup a product gets: its own, else its category's (or an ancestor's), else its supplier's."""

from decimal import Decimal

import pytest

from shop.models import Product
from suppliers.models import Supplier
from tests.factories import make_catalog

pytestmark = pytest.mark.django_db


def test_markup_falls_back_from_product_to_category_to_supplier():
    catalog = make_catalog()
    parent, child = catalog["women"], catalog["sneakers"]
    supplier = Supplier.objects.create(name="Kalyna", slug="kalyna",
                                       default_markup_percent=Decimal("20"), price_rounding="none")

    product = Product.objects.create(name="Кросівки", category=child, supplier=supplier,
                                     supplier_price=Decimal("1000"))
    assert product.price == Decimal("1200.00")  # supplier default

    parent.markup_percent = Decimal("40")
    parent.save_revision().publish()
    product.save()
    assert product.price == Decimal("1400.00")  # inherited from the parent category

    child.markup_percent = Decimal("50")
    child.save_revision().publish()
    product.save()
    assert product.price == Decimal("1500.00")

    product.markup_percent = Decimal("10")
    product.save()
    assert product.price == Decimal("1100.00")
    assert product.current_price == Decimal("1100.00")


def test_sale_price_is_what_the_shopper_pays_and_the_list_price_is_crossed_out():
    product = Product.objects.create(name="Туфлі", price=Decimal("2000"), sale_price=Decimal("1500"))
    assert product.current_price == Decimal("1500")
    assert product.old_price == Decimal("2000")


def test_old_price_below_the_price_is_not_shown():
    product = Product.objects.create(name="Туфлі", price=Decimal("2000"),
                                     compare_at_price=Decimal("1800"))
    assert product.old_price is None


def test_supplier_gets_its_own_warehouse():
    supplier = Supplier.objects.create(name="Lorena", slug="lorena")
    assert supplier.warehouse.kind == "supplier"
    assert supplier.warehouse.code == "supplier-lorena"
