"""The demo loader on hand-made records: what it does with odd supplier data."""

from decimal import Decimal

import pytest

from shop.models import Product, StockRecord
from suppliers.demo_import import DemoImporter, ImportStats, clean_name
from suppliers.feeds import FeedRecord, FeedVariant
from suppliers.models import Supplier
from tests.factories import make_catalog


@pytest.mark.parametrize(("supplier", "raw", "code", "brand", "clean"), [
    ("kalyna", "🔥 Ботильйони жіночі лаковані фіолетові Kalyna 97240 ХІТ", "97240", "Kalyna",
     "Ботильйони жіночі лаковані фіолетові"),
    ("kalyna", 'Черевики жіночі шкіряні коньячні "Kalyna" 73483', "73483", "Kalyna",
     "Черевики жіночі шкіряні коньячні"),
    ("vzuttia", 'VZ-33888 Челсі жіночі замшеві айворі "VZUTTIA"', "VZ33888", "VZUTTIA",
     "Челсі жіночі замшеві айворі"),
    ("solomoda", "Кросівки жіночі замшеві сині арт. SM-10131", "SM-10131", "Solo Moda",
     "Кросівки жіночі замшеві сині"),
    ("lorena", "101-31 Уггі жіночі еко-шкіряні зелені LORENA", "101-31", "LORENA",
     "Уггі жіночі еко-шкіряні зелені"),
    ("lorena", "Туфлі артові", "1-01", "LORENA", "Туфлі артові"),  # words are not codes
])
def test_clean_name(supplier, raw, code, brand, clean):
    assert clean_name(raw, supplier_slug=supplier, brands=[brand], model_code=code) == clean


def record(code, name, category, price="1000", sizes=(("38", 2),)):
    return FeedRecord(
        model_code=code, name=name, category_name=category, brand="Kalyna",
        price=Decimal(price) if price else None, params={"Колір": "капучино"},
        variants=[FeedVariant(size=s, quantity=q, sku=f"{code}-{s}") for s, q in sizes],
    )


@pytest.fixture
def importer(db):
    tree = make_catalog()
    supplier = Supplier.objects.create(name="Kalyna", slug="kalyna",
                                       default_markup_percent=Decimal("35"))
    return DemoImporter(supplier, {"sneakers": tree["sneakers"], "boots": tree["boots"]},
                        images=None, brand="Kalyna")


def test_unmapped_category_keeps_the_product_hidden(importer):
    stats = ImportStats("kalyna")
    importer.import_record(record("1", "Сумка жіноча Kalyna 1", "Аксесуари"), stats)
    product = Product.objects.get(sync_id="kalyna:1")
    assert product.status == Product.Status.HIDDEN and product.category is None
    assert product.price == Decimal("1350.00")
    assert StockRecord.objects.get(variant__product=product).quantity == 2
    assert stats.hidden == 1


def test_mapped_product_is_active_in_its_category(importer):
    importer.import_record(record("2", "Кросівки жіночі Kalyna 2", "Жіночі кросівки"),
                           ImportStats("kalyna"))
    product = Product.objects.visible().get(sync_id="kalyna:2")
    assert product.category.title == "Кросівки"
    assert product.attributes.get().option.slug == "beige"


def test_an_editors_name_survives_a_reimport(importer):
    importer.import_record(record("3", "Чоботи Kalyna 3", "Чоботи"), ImportStats("kalyna"))
    product = Product.objects.get(sync_id="kalyna:3")
    product.name, product.manual_fields = "Чоботи «Зима»", ["name"]
    product.save()
    stats = ImportStats("kalyna")
    importer.import_record(record("3", "Чоботи Kalyna 3", "Чоботи", price="1200",
                                  sizes=(("38", 0), ("39", 1))), stats)
    product.refresh_from_db()
    assert product.name == "Чоботи «Зима»"
    assert product.price == Decimal("1620.00")  # the price still follows the feed
    assert dict(StockRecord.objects.filter(variant__product=product)
                .values_list("variant__size", "quantity")) == {"38": 0, "39": 1}
    assert stats.updated == 1
