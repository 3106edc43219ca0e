"""Small builders for test data: a site with a catalog tree, products with sizes and stock."""

from decimal import Decimal
from itertools import count

from wagtail.models import Locale, Page, Site

from home.models import HomePage
from shop.models import (
    AttributeOption,
    CatalogPage,
    CategoryPage,
    Product,
    ProductAttribute,
    StockRecord,
    Variant,
    Warehouse,
    refresh_product_stock,
)

_seq = count(1)


def make_home():
    existing = HomePage.objects.filter(locale=Locale.get_default()).first()
    if existing:
        return existing
    root = Page.get_first_root_node()
    # Wagtail's migrations leave a placeholder "welcome" page; the homepage replaces it.
    Page.objects.filter(depth=2).delete()
    root.refresh_from_db()
    home = root.add_child(instance=HomePage(title="Головна", slug="home"))
    Site.objects.update_or_create(is_default_site=True, defaults={
        "hostname": "localhost", "port": 80, "root_page": home, "site_name": "Test shop"})
    return home


def make_catalog():
    """home > catalog > women > {sneakers, boots}"""
    home = make_home()
    catalog = home.add_child(instance=CatalogPage(title="Каталог", slug="catalog"))
    women = catalog.add_child(instance=CategoryPage(title="Жінкам", slug="women"))
    sneakers = women.add_child(instance=CategoryPage(title="Кросівки", slug="sneakers"))
    boots = women.add_child(instance=CategoryPage(title="Чоботи", slug="boots"))
    return {"home": home, "catalog": catalog, "women": women, "sneakers": sneakers, "boots": boots}


def own_warehouse():
    return Warehouse.objects.get_or_create(code="own", defaults={"name": "Склад"})[0]


def make_product(category, *, name=None, price="1000", options=(), sizes=None, **fields):
    """A published product; `sizes` maps size -> quantity in our own warehouse."""
    n = next(_seq)
    product = Product.objects.create(
        name=name or f"Товар {n}", slug=f"product-{n}", category=category,
        price=Decimal(price), live=True, **fields,
    )
    for option in options:
        if isinstance(option, str):
            definition, slug = option.split(":")
            option = AttributeOption.objects.get(definition__slug=definition, slug=slug)
        ProductAttribute.objects.create(product=product, option=option, raw_value=option.value)
    warehouse = own_warehouse()
    for position, (size, quantity) in enumerate((sizes or {"38": 2}).items()):
        variant = Variant.objects.create(product=product, size=size, sort_order=position)
        StockRecord.objects.create(variant=variant, warehouse=warehouse, quantity=quantity)
    refresh_product_stock([product.pk])
    product.refresh_from_db()
    return product
