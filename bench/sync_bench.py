"""Supplier sync benchmark: four suppliers, first sync, no-change re-sync, day-1 feed, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kramnytsia_syncbench \
        python bench/sync_bench.py [--models 50000] [--feeds DIR] [--json FILE] [--check]

Feeds come from ../shared/feeds/generate.py when it exists, else from the
project's own generator (python -m suppliers.feeds.sample); they are written
under bench/out/feeds/<models>/day0 and day1 unless --feeds names a folder
that already holds day0/ and day1/. The database named by DATABASE_URL is
dropped and created again, migrated, given a category tree, the four
suppliers and their category mappings (untimed). Then each sync runs in its
own child process, images off, exactly as `manage.py sync_supplier` does:
that process's wall time, CPU time (and its PostgreSQL backend's, read from
/proc) and peak RSS (VmHWM) are what the table shows. The search reindex a sync
triggers is queued to the django-q cluster, as in production, so indexing
itself is not inside the timed sync.

Then the photo case (bench/photo_case.py): a supplier of --photo-models models whose
photos are 3200x3200 PNGs served over HTTP, synced with photos at default settings;
its peak RSS (target TARGET_PHOTO_RSS_MB) and photos per second. `--photos-only` runs
just that case on a new database; `--no-photo-case` skips it.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/kramnytsia_syncbench"
SHARED_GENERATOR = ROOT.parent / "shared" / "feeds" / "generate.py"
SUPPLIERS = ["kalyna", "vzuttia", "solomoda", "lorena"]
# The shared generator's manifest names no dialect: these are the suppliers' settings.
DIALECTS = {"kalyna": ("yml_grouped", {}), "vzuttia": ("yml_models", {}), "solomoda": ("custom_xml", {}),
            "lorena": ("csv_table", {"encoding": "cp1251", "delimiter": ";"})}
TARGET_MODELS = 50_000
TARGETS = {"first": 60.0, "unchanged": 10.0}  # seconds for all four suppliers together
TARGET_RSS_MB = 300
TARGET_PHOTO_RSS_MB = 300  # a sync with 3200x3200 PNG photos at default settings
PHOTO_PHASE = "photos"
PARALLEL = "first-par"  # the first sync again, suppliers in parallel as the queue's workers run them
# "unchanged" syncs the very same files again, which a run finishes at once when nothing else moved
# (suppliers/sync/inputs.py); "re-export" syncs the same models from files one byte longer, as a new
# day's export with the same content would be, so every model is read and compared.
PHASES = [("first", "day0"), ("unchanged", "day0"), ("re-export", "day0-reexport"), ("day1", "day1")]


def main():
    args = parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("DATABASE_URL", DEFAULT_DB)
    if args.child:
        return child(*args.child)
    if args.photos_only:
        return photos_only(args)
    feeds = args.feeds or generate_feeds(args.models)
    reexport(feeds)
    manifest = json.loads((feeds / "day0" / "manifest.json").read_text(encoding="utf-8"))
    prepare_database(feeds, manifest, args.suppliers)

    results = []
    for phase, day in PHASES:
        for slug in args.suppliers:
            row = run_child(slug, feeds / day / manifest["suppliers"][slug]["feed"], phase)
            results.append(row)
            print_row(row)
        analyze()
    totals = phase_totals(results)
    if args.workers > 1:
        prepare_database(feeds, manifest, args.suppliers)
        totals[PARALLEL] = first_sync_in_parallel(feeds, manifest, args.suppliers, args.workers, results)
    print_table(results, totals)
    images = None if args.no_images_bench else webp_rate(feeds / "day0")
    misses = check(totals, sum(manifest["suppliers"][s]["models"] for s in args.suppliers))
    photos = None
    if not args.no_photo_case:
        photos = photo_case(args.photo_models)
        misses += check_photos(photos)
    report = {"date": date.today().isoformat(), "feeds": str(feeds), "models": args.models,
              "machine": machine(), "targets": {**TARGETS, "rss_mb": TARGET_RSS_MB,
                                                "photo_rss_mb": TARGET_PHOTO_RSS_MB},
              "runs": results, "totals": totals, "webp": images, "photos": photos, "misses": misses}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwrote {args.json}")
    for miss in misses:
        print(f"TARGET MISSED: {miss}")
    return 1 if misses and args.check else 0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", type=int, default=TARGET_MODELS, help="models on day 0, all suppliers")
    parser.add_argument("--feeds", type=Path, help="a folder with day0/ and day1/ feeds already generated")
    parser.add_argument("--suppliers", default=",".join(SUPPLIERS), type=lambda s: s.split(","))
    parser.add_argument("--json", type=Path, default=OUT / "sync-results.json")
    parser.add_argument("--no-images-bench", action="store_true", help="skip the WebP conversion rate")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--photo-models", type=int, default=24,
                        help="models of the photo case, one 3200x3200 PNG each")
    parser.add_argument("--photos-only", action="store_true", help="run only the photo case")
    parser.add_argument("--no-photo-case", action="store_true", help="skip the photo case")
    parser.add_argument("--workers", type=int, default=1,
                        help="then the first sync again, this many suppliers at a time (default 1: skip)")
    parser.add_argument("--profile", type=Path, help="children write cProfile stats to DIR/<phase>-<slug>")
    parser.add_argument("--child", nargs=3, metavar=("SLUG", "FEED", "PHASE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.profile:
        os.environ["SYNC_BENCH_PROFILE"] = str(args.profile.resolve())
    return args


def generate_feeds(models: int) -> Path:
    """day0/ and day1/ for `models` models, generated once and reused by later runs."""
    out = OUT / "feeds" / str(models)
    for day in (0, 1):
        folder = out / f"day{day}"
        if (folder / "manifest.json").exists():
            continue
        if SHARED_GENERATOR.exists():
            command = [sys.executable, str(SHARED_GENERATOR), str(folder), "--models", str(models)]
        else:
            command = [sys.executable, "-m", "suppliers.feeds.sample", str(folder), "--models", str(models),
                       "--no-images"]
        subprocess.run([*command, "--day", str(day)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    print(f"feeds in {out}")
    return out


def reexport(feeds: Path) -> None:
    """day0-reexport/: day 0's files with one more trailing newline each."""
    source, target = feeds / "day0", feeds / "day0-reexport"
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["suppliers"].values():
        copy = target / entry["feed"]
        if not copy.exists():
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes((source / entry["feed"]).read_bytes() + b"\n")


def prepare_database(feeds: Path, manifest: dict, suppliers) -> None:
    """A new database: migrated, a category tree, the suppliers and their mappings (untimed)."""
    from bench.run import recreate_database

    recreate_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    mapped = setup_catalog(feeds / "day0", manifest, suppliers)
    print(f"suppliers and category mappings ready in {time.perf_counter() - started:.0f} s: {mapped}")
    connection.close()  # the children own the database from here


def first_sync_in_parallel(feeds: Path, manifest: dict, suppliers, workers: int, results: list) -> dict:
    """The first sync again on a new database, `workers` suppliers at a time, biggest first.

    This is how the shop runs them: the admin's "sync all" and the daily schedules queue one
    task per supplier, and the django-q cluster's workers (Q_WORKERS, 2 by default) take them.
    """
    from concurrent.futures import ThreadPoolExecutor

    order = sorted(suppliers, key=lambda slug: -manifest["suppliers"][slug]["models"])
    started = time.perf_counter()
    def sync(slug):
        return run_child(slug, feeds / "day0" / manifest["suppliers"][slug]["feed"], PARALLEL)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        rows = list(pool.map(sync, order))
    wall = round(time.perf_counter() - started, 2)
    for row in rows:
        results.append(row)
        print_row(row)
    total = phase_totals(rows, phases=[PARALLEL])[PARALLEL]
    print(f"  first sync, {workers} suppliers at a time: {wall} s wall for all four")
    return {**total, "seconds": wall, "workers": workers}


# --- the catalog the suppliers sync into (untimed) --------------------------
def setup_catalog(day0: Path, manifest: dict, slugs) -> dict:
    """Home > catalog > one CategoryPage per kind of shoe; suppliers; their categories mapped by name."""
    from decimal import Decimal

    from shop.models import CatalogPage, CategoryPage
    from suppliers.models import CategoryMapping, Supplier
    from tests.factories import make_home

    catalog = make_home().add_child(instance=CatalogPage(title="Каталог", slug="catalog"))
    pages: dict[str, CategoryPage] = {}
    mapped = {}
    for slug in slugs:
        entry = manifest["suppliers"][slug]
        dialect, options = DIALECTS[slug] if "dialect" not in entry else (entry["dialect"], entry["options"])
        supplier = Supplier.objects.create(
            name=entry["brand"], slug=slug, dialect=dialect, adapter_options=options,
            default_markup_percent=Decimal(str(entry["suggested_markup_percent"])))
        categories = {}
        with open(day0 / entry["feed"], "rb") as fh:
            for record in supplier.get_adapter().parse(fh):
                categories.setdefault(record.category_key, record.category_name)
        for key, name in categories.items():
            # The manager maps by the last part of the name; an unknown category id has no
            # name and stays unmapped, so its models are imported hidden.
            title = name.replace(":", "/").split("/")[-1].strip()
            if not title:
                continue
            folded = title.casefold()
            if folded not in pages:
                pages[folded] = catalog.add_child(instance=CategoryPage(
                    title=title.capitalize(), slug=f"c{len(pages) + 1}"))
            CategoryMapping.objects.create(supplier=supplier, key=key[:500], name=name[:255],
                                           category=pages[folded])
        mapped[slug] = f"{len(categories)} categories"
    return mapped


def analyze():
    """What autovacuum would do between two daily syncs; untimed."""
    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


# --- one timed sync, in its own process --------------------------------------
def run_child(slug: str, feed: Path, phase: str) -> dict:
    completed = subprocess.run([sys.executable, __file__, "--child", slug, str(feed), phase],
                               check=False, capture_output=True, text=True, cwd=ROOT)
    if completed.returncode != 0:
        raise SystemExit(f"sync of {slug} ({phase}) failed:\n{completed.stdout}\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def child(slug: str, feed: str, phase: str) -> int:
    import django

    django.setup()
    from django.db import connection
    from django_q.conf import Conf

    from suppliers.models import Supplier
    from suppliers.sync.pipeline import sync_supplier

    # bench.settings runs django-q tasks inline; a worker does the indexing in production.
    Conf.SYNC = False
    supplier = Supplier.objects.get(slug=slug)
    connection.ensure_connection()
    backend = connection.connection.info.backend_pid
    db_before, usage_before, started = backend_cpu(backend), resource.getrusage(resource.RUSAGE_SELF), \
        time.perf_counter()
    profile = os.environ.get("SYNC_BENCH_PROFILE")
    if profile:
        import cProfile

        Path(profile).mkdir(parents=True, exist_ok=True)
        profiler = cProfile.Profile()
        run = profiler.runcall(sync_supplier, supplier, source=feed, images=phase == PHOTO_PHASE)
        profiler.dump_stats(Path(profile) / f"{phase}-{slug}.prof")
    else:
        run = sync_supplier(supplier, source=feed, images=phase == PHOTO_PHASE)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - usage_before.ru_utime - usage_before.ru_stime
    row = {"phase": phase, "supplier": slug, "status": run.status, "seconds": round(seconds, 2),
           "cpu_seconds": round(cpu, 2), "db_cpu_seconds": round(backend_cpu(backend) - db_before, 2),
           "peak_rss_mb": peak_rss_mb(), "records": run.records,
           "created": run.created, "updated": run.updated, "unchanged": run.unchanged,
           "stock_changed": run.stock_changed, "unpublished": run.unpublished, "hidden": run.hidden,
           "skipped": run.skipped, "error": run.error[:500],
           "images_fetched": run.images_fetched, "images_failed": run.images_failed}
    if phase == PHOTO_PHASE:
        from suppliers.sync.images import workers

        row["photo_workers"] = workers()
        row["photos_per_second"] = round(run.images_fetched / seconds, 2) if seconds else 0.0
    print(json.dumps(row))
    return 0 if run.status == "done" else 1


def peak_rss_mb() -> float:
    """This process's peak resident memory.

    Not getrusage().ru_maxrss: Linux folds the parent's high-water mark into it
    across fork + exec, so every child would report the parent's peak. VmHWM
    belongs to the process's own address space.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def backend_cpu(pid) -> float:
    """CPU seconds of a PostgreSQL backend on this machine (0 when /proc cannot tell)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


# --- the photo case: 3200x3200 PNGs over HTTP, photos on, default settings -------
def photo_case(models: int) -> dict:
    import django

    django.setup()
    from django.db import connection

    from bench import photo_case as case

    folder = OUT / "photos-3200"
    photos = case.draw_photos(folder, models)
    server = case.PhotoServer(folder)
    try:
        feed = case.write_feed(folder, photos, server.url)
        case.create_supplier()
        connection.close()
        row = run_child(case.SLUG, feed, PHOTO_PHASE)
    finally:
        server.close()
    print(f"  photo case: {row['images_fetched']} photos of {case.SIDE}x{case.SIDE} PNG in "
          f"{row['seconds']} s ({row['photos_per_second']}/s, {row['photo_workers']} threads), "
          f"peak RSS {row['peak_rss_mb']} MB", flush=True)
    return row


def check_photos(row: dict) -> list[str]:
    misses = []
    if row["status"] != "done" or row["images_failed"]:
        misses.append(f"photo case: {row['status']}, {row['images_failed']} photos failed {row['error']}")
    if row["peak_rss_mb"] > TARGET_PHOTO_RSS_MB:
        misses.append(f"photo case peak RSS {row['peak_rss_mb']} MB > {TARGET_PHOTO_RSS_MB} MB")
    return misses


def photos_only(args) -> int:
    from bench.run import recreate_database

    recreate_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    row = photo_case(args.photo_models)
    misses = check_photos(row)
    report = {"date": date.today().isoformat(), "machine": machine(),
              "targets": {"photo_rss_mb": TARGET_PHOTO_RSS_MB}, "photos": row, "misses": misses}
    path = args.json.with_name("sync-photos.json") if args.json == OUT / "sync-results.json" else args.json
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {path}")
    for miss in misses:
        print(f"TARGET MISSED: {miss}")
    return 1 if misses and args.check else 0


# --- images per second -------------------------------------------------------
def webp_rate(day0: Path, count: int = 40) -> dict | None:
    """Photos per second through the sync's WebP conversion, on generated sample photos."""
    from suppliers.feeds.sample import generate
    from suppliers.sync.images import to_webp

    folder = OUT / "feeds" / "photos"
    if not any(folder.rglob("*.*g")):
        generate(folder, models=12, images=True)
    photos = sorted(p for p in folder.rglob("*") if p.suffix.lower() in {".jpg", ".jpeg", ".png"})[:count]
    if not photos:
        return None
    data = [p.read_bytes() for p in photos]
    started, cpu = time.perf_counter(), time.process_time()
    pixels = 0
    for blob in data:
        import io

        from PIL import Image

        with Image.open(io.BytesIO(blob)) as image:
            pixels += image.width * image.height
        to_webp(blob)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"photos": len(data), "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "per_second": round(len(data) / seconds, 1), "megapixels": round(pixels / 1e6, 1)}


# --- reporting ---------------------------------------------------------------
COLUMNS = [("phase", 10), ("supplier", 9), ("records", 8), ("seconds", 8), ("cpu_seconds", 8),
           ("db_cpu_seconds", 7), ("peak_rss_mb", 8), ("created", 8), ("updated", 8), ("unchanged", 10),
           ("stock_changed", 8), ("unpublished", 8), ("hidden", 7), ("skipped", 7)]
HEADERS = {"cpu_seconds": "cpu s", "db_cpu_seconds": "db s", "peak_rss_mb": "rss MB", "seconds": "wall s",
           "stock_changed": "stock", "unpublished": "unpub"}


def print_row(row):
    print(f"  {row['phase']:<10}{row['supplier']:<9} {row['records']:>6} models {row['seconds']:>7.1f} s "
          f"(cpu {row['cpu_seconds']:.1f} s, db {row['db_cpu_seconds']:.1f} s, {row['peak_rss_mb']} MB)",
          flush=True)


def phase_totals(results, phases=None) -> dict:
    totals = {}
    for phase in phases or [phase for phase, _day in PHASES]:
        rows = [r for r in results if r["phase"] == phase]
        totals[phase] = {key: round(sum(r[key] for r in rows), 2)
                         for key in ("records", "seconds", "cpu_seconds", "db_cpu_seconds", "created",
                                     "updated", "unchanged", "stock_changed", "unpublished", "hidden",
                                     "skipped")}
        totals[phase]["peak_rss_mb"] = max(r["peak_rss_mb"] for r in rows)
    return totals


def print_table(results, totals):
    print()
    print("".join(f"{HEADERS.get(k, k):>{w}}" if i > 1 else f"{k:<{w}}" for i, (k, w) in enumerate(COLUMNS)))
    rows = results + [{"phase": phase, "supplier": "ALL", **t} for phase, t in totals.items()]
    for row in rows:
        print("".join(f"{row[k]:>{w}}" if i > 1 else f"{row[k]:<{w}}" for i, (k, w) in enumerate(COLUMNS)))


def check(totals, models) -> list[str]:
    misses = []
    scale = f" (at {models:,} models; targets are for {TARGET_MODELS:,})" if models != TARGET_MODELS else ""
    for phase, limit in TARGETS.items():
        if totals[phase]["seconds"] > limit:
            misses.append(f"{phase} sync took {totals[phase]['seconds']} s > {limit} s{scale}")
    worst = max(t["peak_rss_mb"] for t in totals.values())
    if worst > TARGET_RSS_MB:
        misses.append(f"peak RSS {worst} MB > {TARGET_RSS_MB} MB{scale}")
    return misses


def machine() -> dict:
    import platform

    try:
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        load = "unknown"
    return {"cores": os.cpu_count(), "python": platform.python_version(), "load_average": load,
            "cpu": next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                         .splitlines() if line.startswith("model name")), platform.processor())}


if __name__ == "__main__":
    sys.exit(main())
