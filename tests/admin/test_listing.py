"""The product listing: columns, filters, search, exports, and a constant query count."""

from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from shop.admin.columns import THUMBNAIL_SPEC
from shop.models import Product, Variant
from tests.admin.helpers import add_photo, make_image
from tests.factories import make_product

pytestmark = pytest.mark.django_db

LIST_URL = reverse("wagtailsnippets_shop_product:list")


def listed_names(response):
    """Product names in the listing's table rows."""
    return {row.name for row in response.context["object_list"]}


def table_cells(response):
    """The listing table as {product name: [cell texts]}."""
    soup = BeautifulSoup(response.content, "html.parser")
    rows = {}
    for tr in soup.select("table.listing tbody tr"):
        cells = [" ".join(td.get_text(" ", strip=True).split()) for td in tr.find_all("td")]
        name = next(td for td in tr.find_all("td") if "title" in td.get("class", []))
        rows[name.find("a").get_text(strip=True)] = cells
    return rows


def test_listing_shows_photo_price_stock_status_supplier_and_category(boss_client, catalog, supplier):
    product = add_photo(make_product(
        catalog["sneakers"], name="Кросівки Runner", price="1299", supplier=supplier,
        sizes={"38": 2, "39": 3},
    ))
    response = boss_client.get(LIST_URL)
    assert response.status_code == 200
    thumbnail = product.first_image.get_rendition(THUMBNAIL_SPEC)
    assert f'src="{thumbnail.url}"' in response.content.decode()
    cells = table_cells(response)["Кросівки Runner"]
    assert "1 299,00 ₴" in cells  # Ukrainian grouping (a no-break space) and decimal comma
    assert "5" in cells  # 2 + 3 pairs
    assert "NewFeet" in cells
    assert "Кросівки" in cells  # the category


def test_listing_tells_live_products_from_drafts(boss_client, catalog):
    make_product(catalog["boots"], name="Live boots")
    draft = make_product(catalog["boots"], name="Draft boots")
    Product.objects.filter(pk=draft.pk).update(live=False)
    cells = table_cells(boss_client.get(LIST_URL))
    with translation.override("uk"):  # the admin speaks the site's language
        live, draft_label = translation.gettext("live"), translation.gettext("draft")
    assert live in cells["Live boots"] and draft_label not in cells["Live boots"]
    assert draft_label in cells["Draft boots"]


def test_listing_without_photo_still_renders(boss_client, catalog):
    make_product(catalog["boots"], name="Чоботи без фото")
    response = boss_client.get(LIST_URL)
    assert response.status_code == 200
    assert "Чоботи без фото" in response.content.decode()


def test_filters_narrow_the_list(boss_client, catalog, supplier):
    make_product(catalog["sneakers"], name="A sneakers", supplier=supplier)
    make_product(catalog["boots"], name="B boots", status=Product.Status.HIDDEN)
    make_product(catalog["boots"], name="C boots sold out", sizes={"40": 0})
    draft = make_product(catalog["boots"], name="D boots draft")
    Product.objects.filter(pk=draft.pk).update(live=False)

    def names(**params):
        response = boss_client.get(LIST_URL, params)
        assert response.status_code == 200
        return listed_names(response)

    assert names() == {"A sneakers", "B boots", "C boots sold out", "D boots draft"}
    assert names(supplier=supplier.pk) == {"A sneakers"}
    assert names(category=catalog["boots"].pk) == {"B boots", "C boots sold out", "D boots draft"}
    # A parent category lists its subcategories' products too.
    assert names(category=catalog["women"].pk) == names()
    assert names(status="hidden") == {"B boots"}
    assert names(in_stock="false") == {"C boots sold out"}
    assert names(live="false") == {"D boots draft"}
    assert names(category=catalog["boots"].pk, in_stock="true", live="true") == {"B boots"}


def test_search_finds_products_by_name_supplier_sku_and_size_sku(boss_client, catalog):
    runner = make_product(catalog["sneakers"], name="Runner", supplier_sku="NB-574-GRY")
    make_product(catalog["boots"], name="Chelsea", supplier_sku="CH-001")
    Variant.objects.filter(product=runner).update(sku="NB574-38-EU", barcode="4820000000017")

    def names(query):
        return listed_names(boss_client.get(LIST_URL, {"q": query}))

    assert names("nb-574") == {"Runner"}
    assert names("NB574-38") == {"Runner"}
    assert names("4820000000017") == {"Runner"}
    assert names("chelsea") == {"Chelsea"}
    assert names("no-such-sku") == set()


def test_search_folds_cyrillic_case_and_finds_brands(boss_client, catalog):
    make_product(catalog["boots"], name="Лофери шкіряні", brand="Ріккі")
    make_product(catalog["boots"], name="Челсі", brand="Lumo")

    def names(query):
        return listed_names(boss_client.get(LIST_URL, {"q": query}))

    assert names("лофери") == names("ЛОФЕРИ") == names("Лофери") == {"Лофери шкіряні"}
    assert names("ріккі") == {"Лофери шкіряні"}  # the brand, in any case
    assert names("LUMO") == {"Челсі"}


def test_exports_open_in_excel_with_words_and_local_times(boss_client, catalog):
    make_product(catalog["boots"], name="Чоботи", price="2500")
    csv_bytes = b"".join(boss_client.get(LIST_URL, {"export": "csv"}).streaming_content)
    assert csv_bytes.startswith("\ufeff".encode())  # Excel reads it as UTF-8, not as cp1251
    text = csv_bytes.decode("utf-8-sig")
    assert "Чоботи" in text and "True" not in text and "False" not in text


def test_csv_export_has_a_row_per_product_with_price_stock_supplier_and_sku(boss_client, catalog, supplier):
    make_product(catalog["sneakers"], name="Runner", price="1299", supplier=supplier,
                 supplier_sku="NB-574", sizes={"38": 2, "39": 1})
    make_product(catalog["boots"], name="Chelsea", price="2500")
    response = boss_client.get(LIST_URL, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    header = lines[0].split(",")
    assert {"Постачальник", "Артикул постачальника", "Поточна ціна"} <= set(header)
    rows = {line.split(",")[1]: dict(zip(header, line.split(","), strict=True)) for line in lines[1:]}
    assert set(rows) == {"Runner", "Chelsea"}
    assert rows["Runner"]["Постачальник"] == "NewFeet"
    assert rows["Runner"]["Артикул постачальника"] == "NB-574"
    assert Decimal(rows["Runner"]["Поточна ціна"]) == Decimal("1299")
    assert rows["Runner"]["Загальний залишок"] == "3"
    assert rows["Chelsea"]["Постачальник"] == ""


def test_xlsx_export_is_a_workbook_with_the_filtered_rows(boss_client, catalog, supplier):
    make_product(catalog["sneakers"], name="Runner", price="1299", supplier=supplier)
    make_product(catalog["boots"], name="Chelsea", price="2500")
    response = boss_client.get(LIST_URL, {"export": "xlsx", "supplier": supplier.pk})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert [dict(zip(header, row, strict=True))["Назва"] for row in rows[1:]] == ["Runner"]
    runner = dict(zip(header, rows[1], strict=True))
    assert runner["Постачальник"] == "NewFeet"
    assert Decimal(str(runner["Поточна ціна"])) == Decimal("1299")


def count_listing_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL)
    assert response.status_code == 200
    return len(queries), response


def test_listing_query_count_does_not_grow_with_the_page(boss_client, catalog, supplier):
    def add_products(count):
        for n in range(count):
            add_photo(make_product(catalog["sneakers"], name=f"Product {n}", supplier=supplier,
                                   sizes={"38": 1, "39": 2}), image=make_image(f"i{n}-{count}"))

    add_products(5)
    count_listing_queries(boss_client)  # first view renders the thumbnails once
    few, response = count_listing_queries(boss_client)
    assert len(response.context["object_list"]) == 5

    add_products(25)
    count_listing_queries(boss_client)
    many, response = count_listing_queries(boss_client)
    assert len(response.context["object_list"]) == 30
    assert many == few


def test_export_times_are_the_shops_local_time_and_say_so():
    import datetime

    from core.exports import local_naive, local_text

    moment = datetime.datetime(2026, 7, 1, 9, 30, tzinfo=datetime.UTC)
    assert local_text(moment) == "2026-07-01 12:30 EEST"  # Kyiv in summer
    assert local_naive(moment) == datetime.datetime(2026, 7, 1, 12, 30)
