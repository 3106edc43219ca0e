"""`make demo` + `manage.py qcluster` on SQLite, as the README documents it: a real cluster runs a
sync and the indexing tasks without "database is locked", and stops within seconds on the SIGTERM
that the shipped systemd unit (KillMode=mixed) sends to its main process."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "deploy/kramnytsia-qcluster.service"

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite",
                                reason="runs its own SQLite file; the SQLite suite covers it")

QUEUE = """
from pathlib import Path
from shop.models import Product
from search.indexing import reindex_products
from suppliers.models import Supplier
from suppliers.tasks import enqueue_sync

supplier = Supplier.objects.order_by("slug").first()
feed = Path("{feeds}") / "manifest.json"
import json
spec = json.loads(feed.read_text())["suppliers"][supplier.slug]
assert enqueue_sync(supplier, source=str(Path("{feeds}") / spec["file"]), force=True)
reindex_products(Product.objects.values_list("pk", flat=True))
"""


def manage(env, *args, **kwargs):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True, timeout=300, **kwargs)


def tasks(database: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(database, timeout=30) as db:
        return db.execute("SELECT func, success FROM django_q_task").fetchall()


def queued(database: Path) -> int:
    with sqlite3.connect(database, timeout=30) as db:
        return db.execute("SELECT COUNT(*) FROM django_q_ormq").fetchone()[0]


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_cluster_syncs_and_indexes_on_sqlite_and_stops_on_sigterm(tmp_path):
    assert "KillMode=mixed" in UNIT.read_text() and "KillSignal=SIGTERM" in UNIT.read_text()
    database, feeds = tmp_path / "demo.sqlite3", tmp_path / "feeds"
    env = {"DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "config.settings.dev",
           "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path),
           "MEDIA_ROOT": str(tmp_path / "media")}
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo", "--models", "8", "--no-images", "--feeds-dir", str(feeds))
    manage(env, "shell", "-c", QUEUE.format(feeds=feeds))
    assert queued(database) >= 2  # the sync and at least one indexing batch wait for the cluster

    log = (tmp_path / "qcluster.log").open("w+")
    cluster = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        finished = wait_for(lambda: queued(database) == 0 and len(tasks(database)) >= 2, 180)
        log.seek(0)
        output = log.read()
        assert finished, output[-3000:]
        assert "database is locked" not in output
        done = tasks(database)
        assert all(success for _func, success in done), done
        assert {func for func, _ in done} >= {"suppliers.tasks.sync_supplier_task",
                                              "search.tasks.index_products"}

        stopped_at = time.monotonic()
        os.kill(cluster.pid, signal.SIGTERM)  # what KillMode=mixed does first
        cluster.wait(timeout=30)
        assert time.monotonic() - stopped_at < 30
        assert wait_for(lambda: not group_alive(cluster.pid), 10), "workers outlived the cluster"
    finally:
        if cluster.poll() is None or group_alive(cluster.pid):
            os.killpg(cluster.pid, signal.SIGKILL)
        log.close()
