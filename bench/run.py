"""`make bench`: seed 4,242 then 50,000 products on PostgreSQL and time the storefront.

Also the analytics costs (bench/analytics_bench.py): each page's p50 with and without event
recording, and the time to aggregate one day of 100,000 events.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kramnytsia_bench python bench/run.py

The database named by DATABASE_URL is dropped and created again, migrated and
seeded (bench/seed.py). The catalog grows in place: the first size is seeded,
measured, then topped up to the next size. Each page is requested through
Django's test client, so the whole middleware stack, URL routing, Wagtail's
page serving and template rendering are inside the measured time; the
network and a WSGI server are not. After the warm-up requests the product
photos' renditions exist, so what is measured is steady-state serving.

The targets from the issue live here (TARGETS), not in the unit tests:
timing depends on the machine, so `--check` turns a miss into exit code 1.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/kramnytsia_bench"
# At TARGET_SIZE products: page -> limits. Milliseconds are p50 server time.
TARGET_SIZE = 50_000
TARGETS = {"listing": {"p50_ms": 50, "queries": 15}, "product": {"p50_ms": 30}}
LISTING_FACETS = "colour=black&season=demi-season"


def main():
    args = parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("DATABASE_URL", DEFAULT_DB)
    recreate_database(os.environ["DATABASE_URL"])
    (OUT / "static").mkdir(parents=True, exist_ok=True)

    import django

    django.setup()
    from django.core.management import call_command

    from bench import analytics_bench, seed

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"migrated in {time.perf_counter() - started:.0f} s", flush=True)
    about = machine()
    print(f"machine: {about}", flush=True)
    ctx = seed.seed_site()

    runs, seeded = [], 0
    for size in args.sizes:
        started = time.perf_counter()
        seed.seed_products(ctx, seeded, size)
        seed_seconds = time.perf_counter() - started
        seed.analyze()
        seeded = size
        counts = seed.catalog_counts()
        print(f"\nseeded {size:,} products in {seed_seconds:.1f} s (+ VACUUM ANALYZE): {counts}", flush=True)
        pages = measure(ctx, args)
        runs.append({"size": size, "counts": counts, "seed_seconds": round(seed_seconds, 1),
                     "load_average": load_average(), "pages": pages})
        print_table(size, pages)
        recording = analytics_bench.recording_cost(recording_urls(ctx, args.requests), args.requests,
                                                   args.warmup)
        runs[-1]["analytics_recording"] = recording
        analytics_bench.print_recording(size, recording)
        if args.explain:
            explain_listing(ctx, size)

    aggregation = analytics_bench.aggregation_time()
    aggregation["per_event"] = per_event = analytics_bench.per_event_cost()
    print(f"\none recorded event costs the request {per_event['wall_us_per_event']} µs "
          f"({per_event['cpu_us_per_event']} µs CPU), bulk inserts included", flush=True)
    print(f"\naggregating one day of {aggregation['events']:,} events: {aggregation['seconds']} s",
          flush=True)
    misses = check_targets(runs)
    report = {"date": date.today().isoformat(), "command": "make bench", "machine": about,
              "analytics_aggregation": aggregation, "requests": args.requests, "warmup": args.warmup,
              "targets": TARGETS,
              "target_size": TARGET_SIZE, "misses": misses, "runs": runs}
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        print(f"\nwrote {args.json}")
    for miss in misses:
        print(f"TARGET MISSED: {miss}")
    if not misses and any(r["size"] >= TARGET_SIZE for r in runs):
        print(f"all targets met at {TARGET_SIZE:,} products")
    return 1 if misses and args.check else 0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="4242,50000",
                        type=lambda s: sorted(int(x) for x in s.split(",")),
                        help="catalog sizes to seed and measure, ascending (default 4242,50000)")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per page first")
    parser.add_argument("--json", type=Path, default=OUT / "results.json",
                        help="where to write the results (default bench/out/results.json)")
    parser.add_argument("--explain", action="store_true",
                        help="EXPLAIN ANALYZE the listing's queries into bench/out/explain-SIZE.txt")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    return parser.parse_args()


def recreate_database(url):
    """Drop and create the bench database through the maintenance database."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in {"postgres", "postgresql"} or not name:
        sys.exit(f"the benchmark needs a PostgreSQL DATABASE_URL, got {url!r}")
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        quoted = sql.Identifier(name)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(quoted))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(quoted))
    print(f"created database {name}", flush=True)


# --- measuring --------------------------------------------------------------
def bench_urls(ctx, count):
    """page -> URLs requested in turn (the product page rotates over `count` products)."""
    from shop.models import Product

    listing = ctx["big_category"].url
    products = (
        Product.objects.visible().filter(category=ctx["big_category"], status="active", in_stock=True)
        .order_by("-created_at").values_list("slug", flat=True)[:count]
    )
    return {
        "home": ["/"],
        "listing": [f"{listing}?{LISTING_FACETS}"],
        "listing_unfiltered": [listing],
        "product": [f"/product/{slug}/" for slug in products],
        # Informational, no target: each request follows a catalog change (an order, a sync,
        # an edit), so the category's facet index is read again first (shop/facet_index.py).
        "listing_after_change": [f"{listing}?{LISTING_FACETS}"],
    }


def recording_urls(ctx, count):
    """The pages that record an event each: a product page and a category listing."""
    urls = bench_urls(ctx, count)
    return {"product": urls["product"], "listing": urls["listing_unfiltered"]}


def one_product_per_photo():
    """Product page URLs that together show every shared photo once."""
    from shop.models import Product, ProductImage

    by_image = {}
    rows = ProductImage.objects.filter(product__in=Product.objects.visible()).values_list(
        "image_id", "product__slug")[:1000]
    for image_id, slug in rows:
        by_image.setdefault(image_id, f"/product/{slug}/")
    return list(by_image.values())


def measure(ctx, args):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from wagtail.images.models import Rendition

    from shop.facets import catalog_changed

    client = Client(HTTP_HOST="localhost")
    # Every photo's renditions are made before timing starts, whatever sizes
    # the templates ask for: the product page is warmed on one product per photo.
    for url in one_product_per_photo():
        fetch(client, url)
    results = {}
    for name, urls in bench_urls(ctx, args.requests).items():
        before_each = catalog_changed if name == "listing_after_change" else (lambda: None)
        for i in range(args.warmup):
            fetch(client, urls[i % len(urls)])
        backend = backend_pid()
        timings, cpu_before = [], cpu_seconds(backend)
        for i in range(args.requests):
            before_each()
            started = time.perf_counter()
            fetch(client, urls[i % len(urls)])
            timings.append((time.perf_counter() - started) * 1000)
        cpu_after = cpu_seconds(backend)
        before_each()
        with CaptureQueriesContext(connection) as queries:
            fetch(client, urls[0])
        results[name] = {
            "url": urls[0],
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(percentile(timings, 95), 1),
            "min_ms": round(min(timings), 1),
            "max_ms": round(max(timings), 1),
            "queries": len(queries),
            "db_ms": round(sum(float(q["time"]) for q in queries.captured_queries) * 1000, 1),
            "cpu_ms": {side: round((cpu_after[side] - cpu_before[side]) * 1000 / args.requests, 1)
                       for side in cpu_before},
        }
    results["_renditions"] = Rendition.objects.count()
    return results


def backend_pid():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def cpu_seconds(backend_pid):
    """CPU time used so far by this process (app) and by its PostgreSQL backend (db).

    On a busy machine wall-clock times include waiting for a core; CPU time
    does not, so the two together tell a slow server from a crowded one. The
    backend's time is read from /proc, so it is only known when PostgreSQL
    runs on this machine.
    """
    usage = {"app": time.process_time()}
    try:
        fields = Path(f"/proc/{backend_pid}/stat").read_text().rsplit(")", 1)[1].split()
        usage["db"] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        pass
    return usage


def fetch(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}:\n"
                         f"{response.content[:2000].decode(errors='replace')}")
    return response


def percentile(values, pct):
    """Nearest-rank percentile: the value below which `pct` per cent of the samples lie."""
    ordered = sorted(values)
    rank = max(1, round(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def print_table(size, pages):
    print(f"\n{size:,} products ({TARGET_SIZE:,}-product targets: listing p50 <= "
          f"{TARGETS['listing']['p50_ms']} ms and <= {TARGETS['listing']['queries']} queries, "
          f"product p50 <= {TARGETS['product']['p50_ms']} ms)")
    print(f"{'page':<20}{'p50 ms':>8}{'p95 ms':>8}{'min ms':>8}{'queries':>8}{'db ms':>7}"
          f"{'app cpu':>8}{'db cpu':>7}  url")
    for name, row in pages.items():
        if not name.startswith("_"):
            cpu = row["cpu_ms"]
            print(f"{name:<20}{row['p50_ms']:>8}{row['p95_ms']:>8}{row['min_ms']:>8}{row['queries']:>8}"
                  f"{row['db_ms']:>7}{cpu['app']:>8}{cpu.get('db', '-'):>7}  {row['url']}")
    print("db ms: time in queries during one extra request; app/db cpu: CPU ms per request of "
          "this process and of its PostgreSQL backend (mean of the timed requests)")
    print(f"renditions in the database: {pages['_renditions']} (load average {load_average()})", flush=True)


def check_targets(runs):
    misses = []
    for run in runs:
        if run["size"] < TARGET_SIZE:
            continue
        for page, limits in TARGETS.items():
            row = run["pages"][page]
            if row["p50_ms"] > limits["p50_ms"]:
                misses.append(f"{page} p50 {row['p50_ms']} ms > {limits['p50_ms']} ms at {run['size']:,}")
            if "queries" in limits and row["queries"] > limits["queries"]:
                misses.append(f"{page} {row['queries']} queries > {limits['queries']} at {run['size']:,}")
    return misses


def explain_listing(ctx, size):
    """Run the faceted listing once after a catalog change, then EXPLAIN ANALYZE each of its queries."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from shop.facets import catalog_changed

    url = f"{ctx['big_category'].url}?{LISTING_FACETS}"
    catalog_changed()  # so the category's facet index is read again, and its queries explained too
    with CaptureQueriesContext(connection) as queries:
        fetch(Client(HTTP_HOST="localhost"), url)
    lines = []
    with connection.cursor() as cursor:
        for n, query in enumerate(queries.captured_queries, start=1):
            sql = query["sql"]
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            lines.append(f"-- query {n} ({float(query['time']) * 1000:.1f} ms)\n{sql}\n{plan}\n")
    path = OUT / f"explain-{size}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines))
    print(f"wrote {path}")


def machine():
    from django.db import connection

    cpu = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor())
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    import django
    import wagtail

    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "postgresql": pg, "django": django.get_version(), "wagtail": wagtail.__version__,
            "os": platform.platform(), "load_average": load_average(),
            "python_loop_5m_cpu_seconds": calibrate()}


def load_average():
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def calibrate():
    """CPU seconds a fixed pure-Python loop takes here: compares this machine with another."""
    started = time.process_time()
    total = 0
    for n in range(5_000_000):
        total += n
    return round(time.process_time() - started, 2)


def _read(path):
    try:
        return Path(path).read_text()
    except OSError:
        return ""


if __name__ == "__main__":
    sys.exit(main())
