"""The workplace's shared feed generator, synced through the whole pipeline and compared with its truth."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from shop.models import CatalogPage, CategoryPage, Product, ProductAttribute
from suppliers.models import CategoryMapping, Supplier
from tests.factories import make_home

from .conftest import supplier_stock, sync

SHARED_GENERATOR = Path(__file__).resolve().parents[2].parent / "shared" / "feeds" / "generate.py"
DIALECTS = {"kalyna": ("yml_grouped", {}), "vzuttia": ("yml_models", {}), "solomoda": ("custom_xml", {}),
            "lorena": ("csv_table", {"encoding": "cp1251", "delimiter": ";"})}
# What a manager adds on the supplier's screen after a look at the names: marketing words.
NAME_RULES = {"vzuttia": [r"&\s*стильні"]}


@pytest.mark.skipif(not SHARED_GENERATOR.exists(), reason="the shared feed generator is absent")
def test_the_shared_generators_feeds_sync_as_its_truth_says(tmp_path, db):
    subprocess.run([sys.executable, str(SHARED_GENERATOR), str(tmp_path), "--models", "80", "--truth"],
                   check=True, capture_output=True)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    truth = [json.loads(line) for line in (tmp_path / "truth.jsonl").open(encoding="utf-8")]
    catalog = make_home().add_child(instance=CatalogPage(title="Каталог", slug="catalog"))
    pages = {slug: catalog.add_child(instance=CategoryPage(title=slug, slug=slug))
             for slug in {row["store_category"] for row in truth}}

    for slug, (dialect, options) in DIALECTS.items():
        entry = manifest["suppliers"][slug]
        supplier = Supplier.objects.create(name=entry["brand"], slug=slug, dialect=dialect,
                                           adapter_options=options, name_rules=NAME_RULES.get(slug, []),
                                           default_markup_percent=entry["suggested_markup_percent"])
        rows = {r["code"]: r for r in truth if r["supplier"] == slug and r.get("in_feed", True)}
        # Their model codes carry supplier prefixes ("SM", "VZT", "LR"); the truth's do not.
        with open(tmp_path / entry["feed"], "rb") as fh:
            records = list(supplier.get_adapter().parse(fh))
        row_of = {r.model_code: next(t for c, t in rows.items() if r.model_code.endswith(c)) for r in records}
        votes: dict[str, Counter] = defaultdict(Counter)
        for record in records:  # the manager maps each supplier category once, to its usual kind
            votes[record.category_key][row_of[record.model_code]["store_category"]] += 1
        for key, counts in votes.items():
            CategoryMapping.objects.create(supplier=supplier, key=key,
                                           category=pages[counts.most_common(1)[0][0]])

        code, line = sync(slug, "--source", str(tmp_path / entry["feed"]), "--no-images")

        assert code == 0, line
        products = {p.supplier_sku: p for p in Product.objects.filter(supplier=supplier)}
        assert set(products) == set(row_of)
        stock = supplier_stock(supplier)
        colours = dict(ProductAttribute.objects.filter(
            product__supplier=supplier, option__definition__slug="colour",
        ).values_list("product__supplier_sku", "option__slug"))
        colour_hits = category_hits = 0
        for model_code, row in row_of.items():
            product = products[model_code]
            words = set(product.name.lower().split())
            assert words <= set(row["clean_name_uk"].lower().split()), (product.name, row["clean_name_uk"])
            assert row["code"] not in product.name and entry["brand"].lower() not in product.name.lower()
            category_hits += product.category.slug == row["store_category"]
            if row["price_uah"] is not None and product.supplier_price is not None:
                assert abs(product.supplier_price - Decimal(row["price_uah"])) < 1
            in_stock = sorted((s for s, q in stock[model_code].items() if q > 0), key=float)
            assert in_stock == [str(s) for s in row["sizes_in_stock"]], model_code
            colour_hits += colours.get(model_code) == row["colour_group"]
        # The shop's colour keywords and this generator's groups may disagree on a shade or two,
        # and a supplier category may hold more than one store category (their "Кеди" has slip-ons).
        assert colour_hits >= 0.8 * len(row_of), (slug, colour_hits, len(row_of))
        assert category_hits >= 0.8 * len(row_of), (slug, category_hits, len(row_of))
