"""Search benchmark: latency of GET /api/search and relevance, on a catalog synced from ../shared/feeds.

    python bench/search_bench.py --database postgres://postgres@127.0.0.1:5432/kramnytsia_searchbench
    python bench/search_bench.py --database sqlite:///bench/out/search.sqlite3

Unless --reuse finds a populated database, the database is created afresh
(PostgreSQL: dropped and created; SQLite: the file replaced), migrated, and
filled the way a shop fills it: the workplace's feed generator writes four
suppliers' feeds (--models, 50,000 by default), the store's categories are
created in both languages, each supplier's categories are mapped once (as a
manager would), every feed goes through `sync_supplier --no-images`, and
`search_reindex` builds the index.

Then, through Django's test client (middleware, routing, the view, JSON
rendering all inside the measured time; the network is not):
- latency: a mixed set of --queries requests (exact words, typos, wrong
  layout, transliteration, Russian, English, with and without facet filters),
  after a warm-up round; p50, p95 and max in milliseconds;
- relevance: every case of bench/search_cases.py; a case passes when its top
  ten hits all belong to one of its intended categories.
Results go to bench/out/search-<database>.json and are printed as Markdown.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
GENERATOR = ROOT.parent / "shared" / "feeds" / "generate.py"
DIALECTS = {"kalyna": ("yml_grouped", {}), "vzuttia": ("yml_models", {}), "solomoda": ("custom_xml", {}),
            "lorena": ("csv_table", {"encoding": "cp1251", "delimiter": ";"})}
TARGET_P95_MS = 50  # on PostgreSQL
TARGET_RELEVANCE = 0.95


def main():
    args = parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = args.database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    fresh = not (args.reuse and database_ready(args.database))
    if fresh:
        recreate_database(args.database)
    (OUT / "static").mkdir(parents=True, exist_ok=True)

    import django

    django.setup()
    from django.conf import settings

    settings.SEARCH_RATE_LIMIT = 0  # the benchmark is one client sending hundreds of requests
    settings.DEBUG = False
    if fresh:
        build_catalog(args.models, args.seed)
    elif args.reindex:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        call_command("search_reindex")
    report = {"database": engine(args.database), "catalog": catalog_counts()}
    print(f"catalog: {report['catalog']}", flush=True)
    report["latency"] = measure_latency(args.queries, args.seed)
    report["relevance"] = measure_relevance(args.models)
    name = engine(args.database)
    (OUT / f"search-{name}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print_markdown(report)
    if args.check:
        ok = report["relevance"]["share"] >= TARGET_RELEVANCE and (
            name != "postgresql" or report["latency"]["all"]["p95_ms"] <= TARGET_P95_MS)
        sys.exit(0 if ok else 1)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/kramnytsia_searchbench")
    parser.add_argument("--models", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="keep a populated database as it is")
    parser.add_argument("--reindex", action="store_true", help="rebuild a reused database's search index")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    return parser.parse_args()


def engine(url):
    return "sqlite" if url.startswith("sqlite") else "postgresql"


# --- the database ------------------------------------------------------------
def sqlite_path(url):
    """The file Django will open: "sqlite:///bench/out/x.sqlite3" is relative to the working directory."""
    import dj_database_url

    return Path(dj_database_url.parse(url)["NAME"])


def recreate_database(url):
    if engine(url) == "sqlite":
        path = sqlite_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        return
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def database_ready(url):
    try:
        if engine(url) == "sqlite":
            import sqlite3

            path = sqlite_path(url)
            return path.exists() and sqlite3.connect(path).execute(
                "SELECT COUNT(*) FROM shop_product").fetchone()[0] > 0
        import psycopg

        with psycopg.connect(url) as connection:
            return connection.execute("SELECT COUNT(*) FROM shop_product").fetchone()[0] > 0
    except Exception:  # no such database or table yet  # noqa: BLE001
        return False


# --- the catalog -------------------------------------------------------------
# The generator's store categories: (slug, Ukrainian title, English title).
CATEGORIES = [
    ("sneakers", "Кросівки", "Sneakers"), ("kedy", "Кеди", "Canvas shoes"), ("boots", "Чоботи", "Boots"),
    ("ankle-boots", "Черевики", "Ankle boots"), ("shoes", "Туфлі", "Shoes"),
    ("pumps", "Туфлі-човники", "Pumps"),
    ("booties", "Ботильйони", "Booties"), ("chelsea", "Челсі", "Chelsea boots"),
    ("sandals", "Босоніжки", "Sandals"), ("ballet-flats", "Балетки", "Ballet flats"),
    ("flip-flops", "Шльопанці", "Flip-flops"), ("over-knee", "Ботфорти", "Over-the-knee boots"),
    ("slip-ons", "Сліпони", "Slip-ons"), ("clogs", "Сабо", "Clogs"), ("moccasins", "Мокасини", "Moccasins"),
    ("loafers", "Лофери", "Loafers"), ("uggs", "Уггі", "UGG boots"), ("snow-boots", "Дутики", "Snow boots"),
]


def build_catalog(models, seed):
    from django.core.management import call_command
    from wagtail.models import Locale, Page, Site

    from home.models import HomePage
    from shop.models import CatalogPage, CategoryPage
    from suppliers.models import CategoryMapping, Supplier

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"migrated in {time.perf_counter() - started:.0f} s", flush=True)
    feeds = OUT / f"search-feeds-{models}"
    if not (feeds / "truth.jsonl").exists():
        if not GENERATOR.exists():
            sys.exit(f"{GENERATOR} is missing: this benchmark reads the workplace's independent feeds "
                     "(../shared/feeds), so that relevance is judged on data the store did not write.")
        subprocess.run([sys.executable, str(GENERATOR), str(feeds), "--models", str(models),
                        "--seed", str(seed), "--truth"], check=True, capture_output=True)
    manifest = json.loads((feeds / "manifest.json").read_text(encoding="utf-8"))
    truth = [json.loads(line) for line in (feeds / "truth.jsonl").open(encoding="utf-8")]

    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    root.refresh_from_db()
    home = root.add_child(instance=HomePage(title="Крок", slug="home"))
    Site.objects.update_or_create(is_default_site=True, defaults={
        "hostname": "localhost", "port": 80, "root_page": home, "site_name": "Крок"})
    catalog = home.add_child(instance=CatalogPage(title="Каталог", slug="catalog"))
    women = catalog.add_child(instance=CategoryPage(title="Жінкам", slug="women"))
    pages = {slug: women.add_child(instance=CategoryPage(title=uk, slug=slug)) for slug, uk, _ in CATEGORIES}
    translate_tree(Locale, home, catalog, women, pages)

    for slug, (dialect, options) in DIALECTS.items():
        entry = manifest["suppliers"][slug]
        supplier = Supplier.objects.create(name=entry["brand"], slug=slug, dialect=dialect,
                                           adapter_options=options,
                                           default_markup_percent=entry["suggested_markup_percent"])
        votes = category_votes(supplier, feeds / entry["feed"], truth, slug)
        for key, counts in votes.items():
            CategoryMapping.objects.create(supplier=supplier, key=key,
                                           category=pages[counts.most_common(1)[0][0]])
        started = time.perf_counter()
        out = subprocess.run([sys.executable, str(ROOT / "manage.py"), "sync_supplier", slug, "--source",
                              str(feeds / entry["feed"]), "--no-images", "--force"], capture_output=True,
                             text=True, env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"})
        line = (out.stdout or out.stderr).strip()[-200:]
        print(f"sync {slug}: {line} ({time.perf_counter() - started:.0f} s)", flush=True)
    started = time.perf_counter()
    call_command("search_reindex")
    print(f"indexed in {time.perf_counter() - started:.0f} s", flush=True)
    if engine(os.environ["DATABASE_URL"]) == "postgresql":
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def translate_tree(Locale, home, catalog, women, pages):
    english = Locale.objects.get_or_create(language_code="en")[0]
    titles = {slug: en for slug, _, en in CATEGORIES}

    def copy(page, title):
        page.refresh_from_db()
        translated = page.copy_for_translation(english)
        translated.title = title
        translated.save_revision().publish()

    copy(home, "Krok")
    copy(catalog, "Catalog")
    copy(women, "Women")
    for slug, page in pages.items():
        copy(page, titles[slug])


def category_votes(supplier, feed, truth, slug):
    """Each supplier category -> the store categories its models belong to (from the truth file)."""
    rows = {r["code"]: r["store_category"] for r in truth if r["supplier"] == slug and r.get("in_feed", True)}
    votes = defaultdict(Counter)
    with open(feed, "rb") as fh:
        for record in supplier.get_adapter().parse(fh):
            # Model codes carry supplier prefixes ("SM", "VZT", "LR"); the truth's do not.
            code = next((record.model_code[k:] for k in range(5) if record.model_code[k:] in rows), None)
            if code:
                votes[record.category_key][rows[code]] += 1
    return votes


def catalog_counts():
    from search.models import SearchDocument, SearchTerm
    from shop.models import Product

    return {"products": Product.objects.count(), "findable": SearchDocument.objects.count(),
            "words": SearchTerm.objects.filter(documents__gt=0).count()}


# --- latency -----------------------------------------------------------------
def query_mix(count, seed):
    """`count` requests: exact, typo, layout, transliterated, Russian, English; a third with filters."""
    from bench.search_cases import CASES

    rng = random.Random(seed)
    filters = [{}, {}, {"colour": "black"}, {"in_stock": "1"}, {"colour": "white", "size": "38"},
               {"season": "winter"}, {"sort": "price_asc"}, {"price_max": "2500"}, {"page": "2"}]
    queries = [case[0] for case in CASES]
    mix = []
    for n in range(count):
        params = {"q": queries[n % len(queries)], "page_size": "24"}
        params.update(rng.choice(filters))
        mix.append(params)
    rng.shuffle(mix)
    return mix


def measure_latency(count, seed):
    from django.test import Client

    client = Client()
    mix = query_mix(count, seed)
    for params in mix[:40]:  # warm-up: caches, the vocabulary, the database's buffers
        assert client.get("/api/search", params).status_code == 200
    timings, kinds, cpu = timed(client, mix)
    found = {"all": summary(timings, cpu), **{k: summary(v) for k, v in kinds.items()}}
    # Informational, no target: the same requests, each right after the catalog and the index
    # changed (an order, a sync, an edit), so nothing a process derived from them is reused.
    timings, _, cpu = timed(client, mix, before_each=announce_changes)
    found["each after a change"] = summary(timings, cpu)
    return found


def timed(client, mix, before_each=None):
    """Wall-clock milliseconds per request (all, and by kind) and CPU milliseconds per request
    of this process (app) and of its PostgreSQL backend (db, when it runs on this machine)."""
    from django.db import connection

    from bench.run import backend_pid, cpu_seconds

    backend = backend_pid() if connection.vendor == "postgresql" else None  # None: app CPU only
    timings, kinds, spent = [], defaultdict(list), Counter()
    for params in mix:
        if before_each:
            before_each()
        cpu_before = cpu_seconds(backend)
        started = time.perf_counter()
        response = client.get("/api/search", params)
        elapsed = (time.perf_counter() - started) * 1000
        cpu_after = cpu_seconds(backend)
        assert response.status_code == 200, response.content[:200]
        timings.append(elapsed)
        kinds["with filters" if len(params) > 2 else "query only"].append(elapsed)
        spent.update({k: cpu_after[k] - cpu_before[k] for k in cpu_after if k in cpu_before})
    return timings, kinds, {k: round(v * 1000 / len(mix), 1) for k, v in spent.items()}


def announce_changes():
    from search.vocabulary import announce_change
    from shop.facets import catalog_changed

    catalog_changed()
    announce_change()


def summary(values, cpu=None):
    values = sorted(values)
    return {"n": len(values), "p50_ms": round(statistics.median(values), 1),
            "p95_ms": round(values[min(len(values) - 1, int(len(values) * 0.95))], 1),
            "max_ms": round(values[-1], 1),
            **({f"{k}_cpu_ms": v for k, v in cpu.items()} if cpu else {})}


# --- relevance ---------------------------------------------------------------
def product_kinds(models):
    """Product id -> the kind of shoe it is: the generator's truth (a supplier category mapped
    once may hold a few goods of another kind), else the store category it is filed under."""
    from shop.models import Product

    truth = {}
    path = OUT / f"search-feeds-{models}" / "truth.jsonl"
    if path.exists():
        for line in path.open(encoding="utf-8"):
            row = json.loads(line)
            truth[row["supplier"], row["code"]] = row["store_category"]
    kinds = {}
    for pk, supplier, sku, category in Product.objects.values_list(
            "pk", "supplier__slug", "supplier_sku", "category__slug"):
        sku = sku or ""
        keys = [(supplier, sku[k:]) for k in range(5)]
        kinds[pk] = next((truth[key] for key in keys if key in truth), category)
    return kinds


def measure_relevance(models):
    from bench.search_cases import CASES
    from search import service

    slugs = product_kinds(models)
    results, by_kind = [], defaultdict(lambda: [0, 0])
    for query, kind, intended in CASES:
        outcome = service.run(query)
        top = [slugs.get(pk) for pk in outcome.hits.ids[:10]]
        passed = len(top) > 0 and all(slug in intended for slug in top)
        by_kind[kind][0] += passed
        by_kind[kind][1] += 1
        results.append({"query": query, "kind": kind, "passed": passed, "hits": outcome.hits.total,
                        "correction": outcome.correction.text if outcome.correction else None,
                        "top": dict(Counter(top))})
    passed = sum(r["passed"] for r in results)
    return {"cases": len(results), "passed": passed, "share": round(passed / len(results), 3),
            "by_kind": {k: f"{v[0]}/{v[1]}" for k, v in by_kind.items()},
            "failed": [r for r in results if not r["passed"]]}


def print_markdown(report):
    latency, relevance = report["latency"], report["relevance"]
    print(f"\n### {report['database']}: {report['catalog']['products']} products, "
          f"{report['catalog']['findable']} findable, {report['catalog']['words']} words\n")
    print("| requests | n | p50 ms | p95 ms | max ms | app CPU ms | db CPU ms |\n"
          "| --- | --- | --- | --- | --- | --- | --- |")
    for name, row in latency.items():
        print(f"| {name} | {row['n']} | {row['p50_ms']} | {row['p95_ms']} | {row['max_ms']} | "
              f"{row.get('app_cpu_ms', '')} | {row.get('db_cpu_ms', '')} |")
    print(f"\nrelevance: {relevance['passed']}/{relevance['cases']} = {relevance['share']:.1%}; "
          + ", ".join(f"{k} {v}" for k, v in relevance["by_kind"].items()))
    for row in relevance["failed"]:
        print(f"  failed: {row['query']!r} ({row['kind']}): {row['hits']} hits, top {row['top']}")


if __name__ == "__main__":
    main()
