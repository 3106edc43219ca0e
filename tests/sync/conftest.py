"""Fixtures for the sync tests: generated sample feeds, a store category tree, a local HTTP server."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections import defaultdict
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from shop.models import CatalogPage, CategoryPage, Product, StockRecord
from suppliers.feeds.sample import generate
from suppliers.feeds.samplegen.vocab import KINDS
from suppliers.models import CategoryMapping, Supplier
from tests.factories import make_home


class Sample:
    """A generated sample: its folder, manifest and truth (supplier -> model code -> row)."""

    def __init__(self, out: Path):
        self.out = out
        self.manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        self.truth: dict[str, dict[str, dict]] = defaultdict(dict)
        for line in (out / "truth.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            self.truth[row["supplier"]][row["model_code"]] = row

    def entry(self, slug: str) -> dict:
        return self.manifest["suppliers"][slug]

    def feed(self, slug: str) -> Path:
        return self.out / self.entry(slug)["file"]


def make_sample(out: Path, models=60, seed=2, day=0, images=False, base_url=None) -> Sample:
    generate(out, models=models, seed=seed, day=day, images=images, base_url=base_url)
    return Sample(out)


@pytest.fixture
def sample(tmp_path) -> Sample:
    return make_sample(tmp_path / "day0")


@pytest.fixture
def store_categories(db) -> dict[str, CategoryPage]:
    """home > catalog > women > one CategoryPage per kind of shoe in the sample feeds."""
    home = make_home()
    catalog = home.add_child(instance=CatalogPage(title="Каталог", slug="catalog"))
    women = catalog.add_child(instance=CategoryPage(title="Жінкам", slug="women"))
    return {k.slug: women.add_child(instance=CategoryPage(title=k.uk, slug=k.slug)) for k in KINDS}


def make_supplier(sample: Sample, slug: str, **fields) -> Supplier:
    entry = sample.entry(slug)
    values = {"name": entry["brand"], "dialect": entry["dialect"], "adapter_options": entry["options"],
              "default_markup_percent": Decimal(entry["suggested_markup_percent"]), **fields}
    return Supplier.objects.create(slug=slug, **values)


def premap(supplier: Supplier, feed: Path, categories: dict[str, CategoryPage]) -> int:
    """Map the supplier's categories as a manager would: by the last part of their names."""
    by_title = {page.title: page for page in categories.values()}
    seen = {}
    with open(feed, "rb") as fh:
        for record in supplier.get_adapter().parse(fh):
            seen[record.category_key] = record.category_name
    mapped = 0
    for key, name in seen.items():
        title = name.replace(":", "/").split("/")[-1].strip()
        page = by_title.get(title)
        CategoryMapping.objects.update_or_create(supplier=supplier, key=key,
                                                 defaults={"name": name, "category": page})
        mapped += page is not None
    return mapped


def sync(slug: str, *args) -> tuple[int, str]:
    """Run the command as an operator would: (exit code, summary line)."""
    out = StringIO()
    try:
        call_command("sync_supplier", slug, *args, stdout=out)
    except CommandError as exc:
        return exc.returncode, str(exc)
    return 0, out.getvalue().strip()


def reexported(feed: Path) -> Path:
    """The same models in a file that differs by a byte, as a new day's export would."""
    with open(feed, "ab") as stream:
        stream.write(b"\n")
    return feed


def supplier_stock(supplier: Supplier) -> dict[str, dict[str, int]]:
    """model code -> size -> quantity in the supplier's warehouse."""
    stock: dict[str, dict[str, int]] = defaultdict(dict)
    for code, size, quantity in StockRecord.objects.filter(warehouse__supplier=supplier).values_list(
            "variant__product__supplier_sku", "variant__size", "quantity"):
        stock[code][size] = quantity
    return stock


def catalog_snapshot() -> list[tuple]:
    """Everything a sync may write, to compare before and after a rejected feed."""
    products = list(Product.objects.order_by("pk").values_list(
        "pk", "name", "description", "status", "price", "current_price", "supplier_price",
        "category_id", "total_stock", "updated_at"))
    stock = list(StockRecord.objects.order_by("pk").values_list("pk", "variant_id", "quantity"))
    return products + stock


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that gave up (the timeout test) is not news


class FeedServer:
    """A static file server on 127.0.0.1 that remembers which paths were asked for."""

    def __init__(self, root: Path):
        self.requests: list[str] = []
        self.delay = 0.0
        requests = self.requests
        server_self = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def do_GET(self):
                requests.append(self.path)
                if self.path.startswith("/slow"):
                    threading.Event().wait(server_self.delay)
                return super().do_GET()

            def log_message(self, *args):
                pass

        handler = functools.partial(Handler, directory=str(root))
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def feed_server(tmp_path, settings):
    settings.SUPPLIER_FEEDS_ALLOW_PRIVATE = True  # the server is on loopback
    root = tmp_path / "www"
    root.mkdir()
    server = FeedServer(root)
    server.root = root
    yield server
    server.close()
