"""The sync pipeline end to end: four dialects in, one catalog out; re-runs, days, overrides."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from shop.models import Product, ProductAttribute
from shop.pricing import product_retail_price, retail_price
from suppliers.models import CategoryMapping, FeedItem, SyncRun
from suppliers.sync import audit
from suppliers.sync.writer import BatchWriter

from .conftest import make_sample, make_supplier, premap, reexported, supplier_stock, sync

SUPPLIERS = ["kalyna", "vzuttia", "solomoda", "lorena"]
# Feeds that state a quantity for every size; the others list only sizes on sale.
FULL_STOCK = {"kalyna", "solomoda"}


def colour_groups(supplier) -> dict[str, str]:
    return dict(ProductAttribute.objects.filter(
        product__supplier=supplier, option__definition__slug="colour",
    ).values_list("product__supplier_sku", "option__slug"))


@pytest.mark.parametrize("slug", SUPPLIERS)
def test_every_dialect_lands_in_the_catalog_as_the_truth_says(slug, sample, store_categories):
    supplier = make_supplier(sample, slug)
    premap(supplier, sample.feed(slug), store_categories)

    code, line = sync(slug, "--source", str(sample.feed(slug)), "--no-images")

    assert code == 0, line
    truth = sample.truth[slug]
    assert line.startswith(f"{slug}: done") and f"{len(truth)} created" in line
    products = {p.supplier_sku: p for p in Product.objects.filter(supplier=supplier).select_related(
        "category", "supplier")}
    assert set(products) == set(truth)  # nothing lost: unmapped or priceless goods are there too
    colours, stock = colour_groups(supplier), supplier_stock(supplier)
    markup = supplier.default_markup_percent
    for model_code, row in truth.items():
        product = products[model_code]
        assert product.name == row["name_uk"], model_code
        assert product.sync_id == f"{slug}:{model_code}" and product.live
        assert colours[model_code] == row["colour_group"], model_code
        if row["price_uah"] is None or "unknown_category" in row["quirks"]:
            assert product.status == Product.Status.HIDDEN, model_code
        else:
            assert product.status == Product.Status.ACTIVE
            assert product.category.slug == row["category"]
            assert product.supplier_price == Decimal(row["price_uah"])
            assert product.price == retail_price(Decimal(row["price_uah"]), markup, "unit")
            assert product.price == product_retail_price(product) == product.current_price
        in_stock = sorted((s for s, q in stock[model_code].items() if q > 0), key=float)
        assert in_stock == row["sizes_in_stock"], model_code
        if slug in FULL_STOCK:
            assert stock[model_code] == row["stock"]
        assert product.total_stock == sum(stock[model_code].values())
        assert product.in_stock == bool(row["sizes_in_stock"])
        assert "<script" not in product.description and "javascript:" not in product.description
    run = SyncRun.objects.get(supplier=supplier)
    assert run.status == SyncRun.Status.DONE and run.progress_done == run.progress_total == len(truth)


def test_a_second_run_of_the_same_models_writes_nothing(sample, store_categories):
    for slug in ("kalyna", "vzuttia"):
        supplier = make_supplier(sample, slug)
        premap(supplier, sample.feed(slug), store_categories)
        assert sync(slug, "--source", str(sample.feed(slug)), "--no-images")[0] == 0
    before = dict(Product.objects.values_list("pk", "updated_at"))
    logs = ModelLogEntry.objects.count()

    with CaptureQueriesContext(connection) as queries:
        code, line = sync("kalyna", "--source", str(reexported(sample.feed("kalyna"))), "--no-images")

    assert code == 0
    n = len(sample.truth["kalyna"])
    assert f"0 created, 0 updated, {n} unchanged, 0 stock changes, 0 unpublished" in line
    writes = [q["sql"] for q in queries.captured_queries
              if q["sql"].split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE")
              and any(t in q["sql"] for t in ('"shop_', '"wagtail'))]
    assert writes == []
    assert dict(Product.objects.values_list("pk", "updated_at")) == before
    assert ModelLogEntry.objects.count() == logs


@pytest.mark.parametrize("slug", SUPPLIERS)
def test_day_one_updates_creates_and_unpublishes_exactly_what_changed(slug, tmp_path, store_categories):
    day0 = make_sample(tmp_path / "d0", models=120, day=0)
    day1 = make_sample(tmp_path / "d1", models=120, day=1)
    supplier = make_supplier(day0, slug)
    premap(supplier, day0.feed(slug), store_categories)
    assert sync(slug, "--source", str(day0.feed(slug)), "--no-images")[0] == 0

    code, line = sync(slug, "--source", str(day1.feed(slug)), "--no-images")

    assert code == 0, line
    old, new = day0.truth[slug], day1.truth[slug]
    run = SyncRun.objects.filter(supplier=supplier).first()
    logged = {action: set(ModelLogEntry.objects.filter(uuid__isnull=False, action=action,
                                                       data__run=run.pk)
                          .values_list("object_id", flat=True))
              for action in (audit.CREATE, audit.UPDATE, audit.UNPUBLISH)}
    code_of = dict(Product.objects.filter(supplier=supplier).values_list("pk", "supplier_sku"))

    def codes(action):
        return {code_of[int(pk)] for pk in logged[action]}

    assert codes(audit.CREATE) == set(new) - set(old)
    left = {c for c in set(old) - set(new)
            if old[c]["price_uah"] is not None and "unknown_category" not in old[c]["quirks"]}
    assert codes(audit.UNPUBLISH) == left
    repriced = {c for c in set(old) & set(new)
                if (old[c]["price_uah"], old[c]["old_price_uah"]) != (new[c]["price_uah"],
                                                                     new[c]["old_price_uah"])}
    assert codes(audit.UPDATE) == repriced
    assert (run.created, run.updated, run.unpublished) == (len(set(new) - set(old)), len(repriced), len(left))
    gone = Product.objects.filter(supplier=supplier, supplier_sku__in=set(old) - set(new))
    assert all(p.total_stock == 0 and not p.in_stock for p in gone)
    assert set(gone.filter(status=Product.Status.DISABLED).values_list("supplier_sku", flat=True)) == left
    stock = supplier_stock(supplier)
    for model_code, row in new.items():
        assert sorted((s for s, q in stock[model_code].items() if q > 0), key=float) == row["sizes_in_stock"]
        price = Product.objects.get(supplier=supplier, supplier_sku=model_code).supplier_price
        assert price == (Decimal(row["price_uah"]) if row["price_uah"] else price)


def test_editor_changes_are_kept_while_price_and_stock_follow_the_feed(tmp_path, store_categories):
    day0 = make_sample(tmp_path / "d0", models=120, day=0)
    day1 = make_sample(tmp_path / "d1", models=120, day=1)
    supplier = make_supplier(day0, "solomoda")
    premap(supplier, day0.feed("solomoda"), store_categories)
    sync("solomoda", "--source", str(day0.feed("solomoda")), "--no-images")
    old, new = day0.truth["solomoda"], day1.truth["solomoda"]
    model_code = next(c for c in old if c in new and old[c]["price_uah"] != new[c]["price_uah"])
    product = Product.objects.get(supplier=supplier, supplier_sku=model_code)
    other = next(page for slug, page in store_categories.items() if slug != old[model_code]["category"])
    other.markup_percent = Decimal("50")
    other.save_revision().publish()
    product.name, product.description, product.category = "Мої туфлі", "<p>Від редактора</p>", other
    product.manual_fields = ["category", "description", "name"]
    product.save()

    assert sync("solomoda", "--source", str(day1.feed("solomoda")), "--no-images")[0] == 0

    product.refresh_from_db()
    assert (product.name, product.description, product.category_id) == (
        "Мої туфлі", "<p>Від редактора</p>", other.pk)
    assert product.supplier_price == Decimal(new[model_code]["price_uah"])
    assert product.price == retail_price(product.supplier_price, Decimal("50"), "unit")
    assert product.price == product_retail_price(product)
    stock = supplier_stock(supplier)[model_code]
    assert {s: q for s, q in stock.items()} == new[model_code]["stock"]


def test_unmapped_categories_are_imported_hidden_and_listed_until_mapped(sample, store_categories):
    supplier = make_supplier(sample, "solomoda")
    feed = str(sample.feed("solomoda"))
    assert sync("solomoda", "--source", feed, "--no-images")[0] == 0
    truth = sample.truth["solomoda"]
    assert Product.objects.filter(supplier=supplier, status=Product.Status.HIDDEN).count() == len(truth)

    waiting = list(CategoryMapping.unmapped(supplier))
    assert sum(m.product_count for m in waiting) == len(truth)
    assert all(m.key.startswith("Взуття/Жінкам/") for m in waiting)
    assert waiting[0].product_count >= waiting[-1].product_count
    sneakers = next(m for m in waiting if m.key.endswith("/Кросівки"))
    assert FeedItem.objects.filter(supplier=supplier, category_key=sneakers.key).count() == \
        sneakers.product_count
    sneakers.category = store_categories["sneakers"]
    sneakers.save()

    assert sync("solomoda", "--source", feed, "--no-images")[0] == 0
    active = Product.objects.filter(supplier=supplier, status=Product.Status.ACTIVE)
    assert active.count() == sneakers.product_count > 0
    assert {p.category_id for p in active} == {store_categories["sneakers"].pk}
    assert sneakers not in CategoryMapping.unmapped(supplier)


def test_dry_run_counts_and_writes_nothing(sample, store_categories):
    supplier = make_supplier(sample, "lorena")
    premap(supplier, sample.feed("lorena"), store_categories)

    code, line = sync("lorena", "--source", str(sample.feed("lorena")), "--dry-run")

    assert code == 0 and "(dry run)" in line
    assert f"{len(sample.truth['lorena'])} created" in line
    assert not Product.objects.exists() and not FeedItem.objects.exists()
    run = SyncRun.objects.get(supplier=supplier)
    assert run.dry_run and run.created == len(sample.truth["lorena"])


def test_safety_share_stops_a_mass_unpublish_unless_forced(tmp_path, sample, store_categories):
    supplier = make_supplier(sample, "lorena")
    premap(supplier, sample.feed("lorena"), store_categories)
    assert sync("lorena", "--source", str(sample.feed("lorena")), "--no-images")[0] == 0
    lines = sample.feed("lorena").read_bytes().split(b"\r\n")
    rows = [line for line in lines[1:] if line.strip()]
    half = tmp_path / "half.csv"
    half.write_bytes(b"\r\n".join([lines[0], *rows[: len(rows) // 2]]) + b"\r\n")
    active = set(Product.objects.filter(supplier=supplier, status="active").values_list("pk", flat=True))

    code, line = sync("lorena", "--source", str(half), "--no-images")

    assert code == 4 and "NOT unpublished" in line  # cron and monitoring see it was held back
    assert set(Product.objects.filter(supplier=supplier, status="active").values_list("pk", flat=True)) \
        == active
    run = SyncRun.objects.filter(supplier=supplier).first()
    assert run.unpublished == 0 and run.unpublish_held == len(rows) - len(rows) // 2
    assert any("safety share" in w["message"] for w in run.warnings)

    code, line = sync("lorena", "--source", str(half), "--no-images", "--force")

    assert code == 0
    run = SyncRun.objects.filter(supplier=supplier).first()
    disabled = Product.objects.filter(supplier=supplier, status=Product.Status.DISABLED)
    assert run.unpublished == disabled.count() > 0 and run.forced
    assert all(p.total_stock == 0 for p in disabled)
    assert Product.objects.filter(supplier=supplier).count() == len(sample.truth["lorena"])  # none deleted


def test_a_slug_another_sync_takes_meanwhile_is_picked_again(sample, store_categories, monkeypatch):
    """Two suppliers' syncs may run at once (two queue workers) and sell the same model."""
    supplier = make_supplier(sample, "vzuttia")
    premap(supplier, sample.feed("vzuttia"), store_categories)
    pick = BatchWriter._assign_slugs
    taken = []

    def pick_then_lose_one(writer, products, items_by_sync):
        pick(writer, products, items_by_sync)
        if not taken:  # the other sync commits this slug between our lookup and our insert
            taken.append((products[0].sync_id, products[0].slug))
            Product.objects.create(name="Чужий товар", slug=products[0].slug)

    monkeypatch.setattr(BatchWriter, "_assign_slugs", pick_then_lose_one)
    code, line = sync("vzuttia", "--source", str(sample.feed("vzuttia")), "--no-images")

    assert code == 0, line
    sync_id, slug = taken[0]
    assert Product.objects.get(sync_id=sync_id).slug == f"{slug}-2"
    assert Product.objects.filter(supplier=supplier).count() == len(sample.truth["vzuttia"])
