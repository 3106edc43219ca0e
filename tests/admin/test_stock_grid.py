"""The stock grid: sizes x warehouses on a product, saved all or nothing."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from shop.models import Product, StockRecord, Variant, Warehouse
from tests.admin.helpers import form_data
from tests.factories import make_product, own_warehouse

pytestmark = pytest.mark.django_db


def stock_url(product):
    return reverse("wagtailsnippets_shop_product:stock", args=[product.pk])


@pytest.fixture
def product(catalog, supplier):
    return make_product(catalog["boots"], name="Челсі", supplier=supplier, sizes={"38": 2, "39": 0})


@pytest.fixture
def warehouses(product, supplier):
    return {"own": own_warehouse(), "supplier": Warehouse.objects.get(supplier=supplier)}


def quantities(product):
    return {
        (r.variant.size, r.warehouse.code): r.quantity
        for r in StockRecord.objects.filter(variant__product=product).select_related("variant", "warehouse")
    }


def grid(client, product):
    response = client.get(stock_url(product))
    assert response.status_code == 200
    return form_data(response.content.decode(), "form[action$='/stock/']")


def size(product, label):
    return Variant.objects.get(product=product, size=label)


def test_stock_page_is_linked_from_the_edit_page(boss_client, product):
    edit = boss_client.get(reverse("wagtailsnippets_shop_product:edit", args=[product.pk]))
    assert stock_url(product) in edit.content.decode()


def test_grid_shows_sizes_and_the_products_warehouses(boss_client, product, warehouses):
    Warehouse.objects.create(name="Чужий склад", code="other", kind=Warehouse.Kind.SUPPLIER)
    html = boss_client.get(stock_url(product)).content.decode()
    assert "Склад" in html and "NewFeet" in html
    assert "Чужий склад" not in html  # another supplier's warehouse never holds this product
    data = grid(boss_client, product)
    assert data[f"{size(product, '38').pk}-qty-{warehouses['own'].pk}"] == "2"


def test_saving_the_grid_updates_quantities_and_totals(boss_client, product, warehouses):
    data = grid(boss_client, product)
    s38, s39 = size(product, "38"), size(product, "39")
    data[f"{s38.pk}-qty-{warehouses['own'].pk}"] = "5"
    data[f"{s39.pk}-qty-{warehouses['supplier'].pk}"] = "3"
    data[f"{s39.pk}-sku"] = "CH-39"

    response = boss_client.post(stock_url(product), data)

    assert response.status_code == 302
    assert quantities(product) == {("38", "own"): 5, ("39", "own"): 0, ("39", "supplier-newfeet"): 3}
    product.refresh_from_db()
    assert product.total_stock == 8 and product.in_stock
    assert size(product, "39").sku == "CH-39"


def test_emptying_every_cell_takes_the_product_out_of_stock(boss_client, product, warehouses):
    data = grid(boss_client, product)
    data[f"{size(product, '38').pk}-qty-{warehouses['own'].pk}"] = ""

    boss_client.post(stock_url(product), data)

    product.refresh_from_db()
    assert product.total_stock == 0 and not product.in_stock


def test_negative_quantity_is_rejected_and_nothing_changes(boss_client, product, warehouses):
    data = grid(boss_client, product)
    data[f"{size(product, '38').pk}-qty-{warehouses['supplier'].pk}"] = "4"  # valid on its own
    data[f"{size(product, '39').pk}-qty-{warehouses['own'].pk}"] = "-1"
    data["new0-size"] = "40"
    before = quantities(product)

    response = boss_client.post(stock_url(product), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Залишок не може бути від&#x27;ємним." in html
    assert 'value="-1"' in html  # what was typed stays on the page to be fixed
    assert quantities(product) == before
    assert set(product.variants.values_list("size", flat=True)) == {"38", "39"}
    product.refresh_from_db()
    assert product.total_stock == 2


def test_text_in_a_cell_is_rejected(boss_client, product, warehouses):
    data = grid(boss_client, product)
    data[f"{size(product, '38').pk}-qty-{warehouses['own'].pk}"] = "two"
    response = boss_client.post(stock_url(product), data)
    assert response.status_code == 200
    assert "Введіть ціле число пар." in response.content.decode()
    assert quantities(product)[("38", "own")] == 2


def test_a_new_size_row_is_added_with_its_stock(boss_client, product, warehouses):
    data = grid(boss_client, product)
    data.update({"new0-size": "40", "new0-sku": "CH-40", f"new0-qty-{warehouses['own'].pk}": "6"})

    boss_client.post(stock_url(product), data)

    added = size(product, "40")
    assert added.sku == "CH-40"
    assert added.sort_order > size(product, "39").sort_order
    assert quantities(product)[("40", "own")] == 6
    product.refresh_from_db()
    assert product.total_stock == 8


def test_a_new_row_needs_a_size_that_is_not_listed_yet(boss_client, product, warehouses):
    data = grid(boss_client, product)
    data.update({"new0-size": "38", "new1-sku": "NO-SIZE"})
    response = boss_client.post(stock_url(product), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Розмір 38 уже є в списку." in html
    assert "Введіть розмір для цього нового рядка." in html
    assert product.variants.count() == 2


def test_an_empty_size_can_be_removed_but_not_one_with_stock(boss_client, product, warehouses):
    data = grid(boss_client, product)
    data[f"remove-{size(product, '38').pk}"] = "on"
    response = boss_client.post(stock_url(product), data)
    assert response.status_code == 200
    assert "ще має залишок" in response.content.decode()
    assert product.variants.count() == 2

    data = grid(boss_client, product)
    data[f"remove-{size(product, '39').pk}"] = "on"
    response = boss_client.post(stock_url(product), data)
    assert response.status_code == 302
    assert list(product.variants.values_list("size", flat=True)) == ["38"]


def test_more_blank_rows_on_request(boss_client, product):
    data = form_data(boss_client.get(stock_url(product), {"rows": 5}).content.decode(),
                     "form[action$='/stock/']")
    assert "new4-size" in data and "new5-size" not in data


def test_editor_without_product_permission_gets_403(client, editor, product, warehouses):
    client.force_login(editor)
    assert client.get(stock_url(product)).status_code == 403
    data = {f"{size(product, '38').pk}-qty-{warehouses['own'].pk}": "50"}
    assert client.post(stock_url(product), data).status_code == 403
    assert quantities(product)[("38", "own")] == 2


def test_users_outside_the_admin_are_sent_to_log_in(client, shopper, product, warehouses):
    client.force_login(shopper)
    response = client.post(stock_url(product), {f"{size(product, '38').pk}-qty-{warehouses['own'].pk}": "50"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert quantities(product)[("38", "own")] == 2


def test_product_editor_may_change_stock(client, product_editor, product, warehouses):
    client.force_login(product_editor)
    data = grid(client, product)
    data[f"{size(product, '38').pk}-qty-{warehouses['own'].pk}"] = "1"
    assert client.post(stock_url(product), data).status_code == 302
    assert Product.objects.get(pk=product.pk).total_stock == 1


def test_stock_change_is_in_the_products_history(boss_client, boss, product, warehouses):
    data = grid(boss_client, product)
    data[f"{size(product, '38').pk}-qty-{warehouses['own'].pk}"] = "9"
    boss_client.post(stock_url(product), data)
    entries = ModelLogEntry.objects.filter(action="shop.edit_stock", object_id=str(product.pk))
    assert entries.get().user == boss
    history = boss_client.get(reverse("wagtailsnippets_shop_product:history", args=[product.pk]))
    assert "Залишки за складами змінено" in history.content.decode()
