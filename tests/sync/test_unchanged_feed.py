"""A feed identical to the last one applied finishes at once, unless something else moved."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.models import Product
from suppliers.models import CategoryMapping, SyncRun

from .conftest import make_supplier, premap, reexported, sync


def first_sync(sample, store_categories, slug="vzuttia"):
    supplier = make_supplier(sample, slug)
    premap(supplier, sample.feed(slug), store_categories)
    assert sync(slug, "--source", str(sample.feed(slug)), "--no-images")[0] == 0
    return supplier


def again(sample, slug="vzuttia", *args):
    return sync(slug, "--source", str(sample.feed(slug)), "--no-images", *args)


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries
            if q["sql"].split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE") and '"shop_' in q["sql"]]


def test_the_same_bytes_again_finish_as_not_modified_without_touching_the_catalog(sample, store_categories):
    supplier = first_sync(sample, store_categories)
    before = dict(Product.objects.values_list("pk", "updated_at"))

    with CaptureQueriesContext(connection) as queries:
        code, line = again(sample)

    assert code == 0 and "feed not modified since the last run" in line
    assert writes(queries) == [] and len(queries) < 40  # no model was read, let alone compared
    assert dict(Product.objects.values_list("pk", "updated_at")) == before
    run = SyncRun.objects.filter(supplier=supplier).first()
    assert run.not_modified and run.status == SyncRun.Status.DONE
    # ... and the run after that still knows what was applied
    assert "feed not modified" in again(sample)[1]


def test_a_product_deleted_in_the_admin_comes_back_from_the_same_feed(sample, store_categories):
    supplier = first_sync(sample, store_categories)
    gone = Product.objects.filter(supplier=supplier).order_by("pk").first()
    gone.delete()

    code, line = again(sample)

    assert code == 0 and "1 created" in line
    assert Product.objects.filter(supplier=supplier, sync_id=gone.sync_id).exists()


def test_a_category_mapped_after_the_run_is_applied_by_the_same_feed(sample, store_categories):
    supplier = first_sync(sample, store_categories)
    mapping = CategoryMapping.objects.filter(supplier=supplier, category__isnull=False).first()
    moved_to = next(page for page in store_categories.values() if page.pk != mapping.category_id)
    mapping.category = moved_to
    mapping.save()

    code, line = again(sample)

    assert code == 0 and "not modified" not in line
    products = Product.objects.filter(supplier=supplier, feed_item__category_key=mapping.key)
    assert products.exists() and set(products.values_list("category_id", flat=True)) == {moved_to.pk}


def test_a_new_default_markup_reprices_from_the_same_feed(sample, store_categories):
    supplier = first_sync(sample, store_categories)
    product = Product.objects.filter(supplier=supplier, category__markup_percent__isnull=True,
                                     markup_percent__isnull=True).exclude(supplier_price=None).first()
    old_price = product.price
    supplier.default_markup_percent += Decimal("50")
    supplier.save()

    assert again(sample)[0] == 0

    product.refresh_from_db()
    assert product.price > old_price


def test_a_new_export_of_the_same_models_and_a_forced_run_compare_everything(sample, store_categories):
    first_sync(sample, store_categories)
    count = Product.objects.count()

    code, line = sync("vzuttia", "--source", str(reexported(sample.feed("vzuttia"))), "--no-images")
    assert code == 0 and f"{count} unchanged" in line

    code, line = again(sample, "vzuttia", "--force")
    assert code == 0 and f"{count} unchanged" in line
