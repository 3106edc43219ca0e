"""`make bench-channels`: build the Prom, Rozetka and Google feeds of 50,000 products on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kramnytsia_channelsbench \
        python bench/channels_bench.py [--products 50000] [--json FILE] [--check]

The database is dropped and created again, migrated and seeded as `make bench` seeds it
(bench/seed.py: 73 categories, 4-7 sizes per product, a photo, colour/season/material). One
channel per kind maps the ten top categories (gender and age group by group) and takes new
listings live. Each build runs in its own child process, twice: the first also creates the
50,000 listings, the second is the steady state a schedule or a sync repeats. The table shows
each child's wall and CPU time and peak RSS (VmHWM); the targets from the issue are 30 s and
200 MB per feed.
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
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/kramnytsia_channelsbench"
TARGET_SECONDS, TARGET_RSS_MB = 30.0, 200.0
KINDS = ["prom_yml", "rozetka_yml", "google_merchant"]
# Top category -> (gender, age group) for Google; Prom/Rozetka ignore them.
AUDIENCE = {"Жінкам": ("female", "adult"), "Чоловікам": ("male", "adult"), "Дівчаткам": ("female", "kids"),
            "Хлопчикам": ("male", "kids")}


def main():
    args = parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("DATABASE_URL", DEFAULT_DB)
    os.environ.setdefault("CHANNELS_FEED_ROOT", str(OUT / "feeds-out"))
    if args.child:
        return child(args.child)
    from bench.run import recreate_database

    if not args.reuse:
        recreate_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    from bench import seed
    from bench.run import machine

    call_command("migrate", verbosity=0, interactive=False)
    if not args.reuse:
        ctx = seed.seed_site()
        started = time.perf_counter()
        seed.seed_products(ctx, 0, args.products)
        seed.analyze()
        print(f"seeded {args.products:,} products in {time.perf_counter() - started:.0f} s", flush=True)
    print(f"catalog: {seed.catalog_counts()}", flush=True)
    channels = make_channels()
    rows = []
    for kind, pk in channels.items():
        for phase in ("first", "again"):
            row = run_child(pk) | {"kind": kind, "phase": phase}
            rows.append(row)
            print(f"{kind:16} {phase:6} {row['seconds']:6.1f} s  cpu {row['cpu_seconds']:5.1f} s  "
                  f"rss {row['peak_rss_mb']:6.1f} MB (at start {row['baseline_rss_mb']:.0f})  "
                  f"offers {row['offers']:,}  refused {row['refused']:,}  "
                  f"file {row['file_mb']:.1f} MB gz  {row['status']}", flush=True)
    misses = [f"{r['kind']} {r['phase']}: {r['seconds']} s / {r['peak_rss_mb']} MB" for r in rows
              if r["seconds"] > TARGET_SECONDS or r["peak_rss_mb"] > TARGET_RSS_MB
              or r["status"] != "published"]
    report = {"date": date.today().isoformat(), "command": "make bench-channels", "products": args.products,
              "machine": machine(), "targets": {"seconds": TARGET_SECONDS, "rss_mb": TARGET_RSS_MB},
              "rows": rows, "misses": misses}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {args.json}")
    for miss in misses:
        print(f"TARGET MISSED: {miss}")
    return 1 if misses and args.check else 0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--products", type=int, default=50_000)
    parser.add_argument("--json", type=Path, default=OUT / "channels.json")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the seeded database of an earlier run (its channels are made anew)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    return parser.parse_args()


def make_channels() -> dict:
    """One channel per kind over every top category (untimed)."""
    import shutil

    from django.conf import settings
    from django.db import connection

    from channels.models import Channel, ChannelCategory
    from shop.models import CategoryPage

    with connection.cursor() as cursor:  # an earlier --reuse run's channels, listings and runs
        cursor.execute("TRUNCATE channels_channel CASCADE")
    shutil.rmtree(settings.CHANNELS_FEED_ROOT, ignore_errors=True)
    tops = CategoryPage.objects.filter(depth=4)  # root > home > catalog > group
    channels = {}
    for kind in KINDS:
        channel = Channel.objects.create(name=kind, kind=kind, approve_new_listings=True,
                                         rebuild_every_minutes=0, max_invalid_percent=1)
        for top in tops:
            gender, age = AUDIENCE.get(top.title, ("unisex", "adult"))
            ChannelCategory.objects.create(channel=channel, category=top, external_id="187", gender=gender,
                                           age_group=age)
        channels[kind] = channel.pk
    return channels


def run_child(pk: int) -> dict:
    completed = subprocess.run([sys.executable, __file__, "--child", str(pk)], check=False,
                               capture_output=True, text=True, cwd=ROOT)
    if completed.returncode != 0:
        raise SystemExit(f"build of channel {pk} failed:\n{completed.stdout}\n{completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def child(pk: int) -> int:
    import django

    django.setup()
    from channels.build import build_feed

    baseline = rss_now_mb()  # Django, Wagtail and the app loaded, nothing built yet
    before, started = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    run = build_feed(pk)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({
        "seconds": round(seconds, 1),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime, 1),
        "peak_rss_mb": peak_rss_mb(), "baseline_rss_mb": baseline,
        "status": run.status, "message": run.message,
        "products": run.products, "offers": run.offers_written, "refused": run.refused,
        "invalid": run.invalid_offers, "file_mb": round(run.file_bytes / 1e6, 1),
    }))
    return 0


def peak_rss_mb() -> float:
    """VmHWM of this process (ru_maxrss would include the parent's peak across fork + exec)."""
    return _status_mb("VmHWM:")


def rss_now_mb() -> float:
    return _status_mb("VmRSS:")


def _status_mb(key: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


if __name__ == "__main__":
    sys.exit(main())
