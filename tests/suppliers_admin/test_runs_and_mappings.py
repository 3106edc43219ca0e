"""Run history and detail, unmapped categories with waiting products, unknown values, the form."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from shop.models import AttributeDefinition
from suppliers.models import CategoryMapping, FeedItem, Supplier, SyncRun, UnknownAttributeValue
from tests.factories import make_catalog, make_product

from .conftest import admin_url


def finished_run(supplier, seconds=42, **fields):
    started = timezone.now() - timedelta(seconds=seconds)
    return SyncRun.objects.create(supplier=supplier, started_at=started,
                                  finished_at=started + timedelta(seconds=seconds), **fields)


def test_run_detail_shows_counts_reasons_warnings_and_the_error(manager_client, supplier):
    run = finished_run(
        supplier, seconds=42, status=SyncRun.Status.DONE, records=120, created=100, updated=7, unchanged=3,
        unpublished=4, skipped=6, reasons={"no price": 4, "duplicate model code": 2},
        warnings=[{"offer": "NF-1001", "message": "skipped: no price"},
                  {"offer": "NF-2002", "message": "photo http://x/1.jpg: HTTP 404"}],
        warnings_total=9,
    )
    page = manager_client.get(admin_url("run", run.pk)).content.decode()
    for text in ["120", "100", "no price", "duplicate model code", "NF-1001", "skipped: no price",
                 "NF-2002", "HTTP 404", "42.0 s", "9 warnings", "7 more warnings were counted"]:
        assert text in page, text
    assert 'role="alert"' not in page


def test_a_run_that_held_back_unpublishing_warns_in_the_detail_and_the_history(manager_client, supplier):
    run = finished_run(supplier, seconds=3, status=SyncRun.Status.DONE, records=10, unpublish_held=37)
    page = manager_client.get(admin_url("run", run.pk)).content.decode()
    assert 'role="alert"' in page and "37" in page
    assert "37 kept" in manager_client.get(admin_url("runs", supplier.pk)).content.decode()

    failed = finished_run(supplier, status=SyncRun.Status.REJECTED,
                          error="the feed is not well-formed XML: line 3\ndetails")
    page = manager_client.get(admin_url("run", failed.pk)).content.decode()
    assert "Feed rejected (nothing changed)" in page and "the feed is not well-formed XML: line 3" in page


def test_run_history_lists_a_suppliers_runs_newest_first(manager_client, supplier):
    other = Supplier.objects.create(name="Other", slug="other")
    old = finished_run(supplier, seconds=10, status=SyncRun.Status.DONE, created=11)
    old.started_at -= timedelta(days=1)
    old.save()
    new = finished_run(supplier, seconds=5, status=SyncRun.Status.FAILED, error="Boom: database gone")
    foreign = finished_run(other, status=SyncRun.Status.DONE)
    page = manager_client.get(admin_url("runs", supplier.pk)).content.decode()
    assert admin_url("run", new.pk) in page and admin_url("run", old.pk) in page
    assert page.index(admin_url("run", new.pk)) < page.index(admin_url("run", old.pk))
    assert admin_url("run", foreign.pk) not in page
    assert "Boom: database gone" in page


def test_unmapped_categories_list_what_waits_on_each(manager_client, supplier):
    catalog = make_catalog()
    boots = CategoryMapping.objects.create(supplier=supplier, key="12", name="Чоботи", product_count=40)
    CategoryMapping.objects.create(supplier=supplier, key="13", name="Сандалі", product_count=3)
    CategoryMapping.objects.create(supplier=supplier, key="14", name="Туфлі", product_count=99,
                                   category=catalog["sneakers"])  # mapped: not listed
    for n in range(2):  # imported hidden, waiting on the "12" mapping
        product = make_product(None, name=f"Товар {n}", supplier=supplier, supplier_sku=f"B{n}")
        FeedItem.objects.create(product=product, supplier=supplier, category_key=boots.key)

    html = manager_client.get(admin_url("unmapped")).content.decode()
    assert "Чоботи" in html and "Сандалі" in html and "Туфлі" not in html
    assert html.index("Чоботи") < html.index("Сандалі")  # most waiting goods first
    boots_row = html[html.index("Чоботи"):html.index("Сандалі")]
    assert '<td data-field="product_count">40</td>' in boots_row
    assert '<td data-field="waiting">2</td>' in boots_row
    assert admin_url("edit", supplier.pk) + "#tab-categories" in html
    assert "2 products wait on a mapping." in html

    other = Supplier.objects.create(name="Other", slug="other")
    CategoryMapping.objects.create(supplier=other, key="1", name="Кросівки", product_count=5)
    html = manager_client.get(admin_url("unmapped"), {"supplier": other.pk}).content.decode()
    assert "Кросівки" in html and "Чоботи" not in html


def test_unknown_attribute_values_are_listed_for_the_manager(manager_client, supplier):
    colour = AttributeDefinition.objects.create(name="Колір", slug="kolir-test")
    UnknownAttributeValue.objects.create(supplier=supplier, definition=colour, param="Колір",
                                         value="бурштиновий", product_count=12)
    html = manager_client.get(admin_url("unknown_values")).content.decode()
    assert "бурштиновий" in html and "12" in html
    assert f"/shop/attributedefinition/edit/{colour.pk}/" in html


def test_the_supplier_form_has_mappings_inline_and_the_rule_tester(manager_client, supplier):
    CategoryMapping.objects.create(supplier=supplier, key="77", name="Мокасини")
    html = manager_client.get(admin_url("edit", supplier.pk)).content.decode()
    assert "Мокасини" in html and 'id="tab-categories"' in html and 'id="tab-attributes"' in html
    assert 'data-name-rules-url="' + admin_url("name_rules") in html
    assert "js/admin-sync.js" in html
