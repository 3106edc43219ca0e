"""One sync per supplier: a second start exits 3; a dead worker's lock is taken over."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from suppliers.models import SyncLock, SyncRun
from suppliers.sync import conf
from suppliers.sync.lock import SupplierLock, SyncBusy, is_locked
from suppliers.tasks import enqueue_sync

from .conftest import make_supplier, sync


def test_a_second_sync_of_the_same_supplier_exits_3(sample, store_categories):
    supplier = make_supplier(sample, "lorena")
    other = make_supplier(sample, "solomoda")
    lock = SupplierLock(supplier).acquire()
    try:
        code, message = sync("lorena", "--source", str(sample.feed("lorena")), "--no-images")
        assert code == 3 and "another sync" in message
        assert not supplier.products.exists() and not SyncRun.objects.filter(supplier=supplier).exists()
        assert is_locked(supplier) and enqueue_sync(supplier) is None  # the admin answers 409
        # Other suppliers are not held up.
        assert sync("solomoda", "--source", str(sample.feed("solomoda")), "--no-images")[0] == 0
        assert other.products.exists()
    finally:
        lock.release()
    assert not is_locked(supplier)
    assert sync("lorena", "--source", str(sample.feed("lorena")), "--no-images")[0] == 0


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_killed_workers_lock_is_taken_over(sample, store_categories):
    supplier = make_supplier(sample, "lorena")
    SyncLock.objects.create(supplier=supplier, token="dead", host=socket.gethostname(), pid=dead_pid(),
                            acquired_at=timezone.now(), heartbeat=timezone.now())
    assert not is_locked(supplier)
    assert sync("lorena", "--source", str(sample.feed("lorena")), "--no-images")[0] == 0


def test_a_lock_from_another_host_counts_until_its_heartbeat_is_stale(sample, store_categories):
    supplier = make_supplier(sample, "lorena")
    SyncLock.objects.create(supplier=supplier, token="elsewhere", host="worker-2", pid=1,
                            acquired_at=timezone.now(), heartbeat=timezone.now())
    assert sync("lorena", "--source", str(sample.feed("lorena")), "--no-images")[0] == 3

    stale = timedelta(seconds=conf.get("SUPPLIER_SYNC_LOCK_STALE") + 1)
    SyncLock.objects.filter(supplier=supplier).update(heartbeat=timezone.now() - stale)
    assert sync("lorena", "--source", str(sample.feed("lorena")), "--no-images")[0] == 0
    assert SyncLock.objects.get(supplier=supplier).token == ""  # released after the run


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need a real server")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_starts_on_separate_connections_get_one_lock(sample):
    supplier = make_supplier(sample, "lorena")
    barrier = threading.Barrier(4)
    outcome: list[str] = []

    def start():
        try:
            barrier.wait()
            SupplierLock(supplier).acquire()
            outcome.append("acquired")
        except SyncBusy:
            outcome.append("busy")
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcome) == ["acquired", "busy", "busy", "busy"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need a real server")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_sync_started_while_another_connection_holds_the_lock_exits_3(sample):
    supplier = make_supplier(sample, "lorena")
    held, release = threading.Event(), threading.Event()

    def holder():
        lock = SupplierLock(supplier).acquire()
        held.set()
        release.wait(10)
        lock.release()
        connections.close_all()

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert held.wait(10)
        assert sync("lorena", "--source", str(sample.feed("lorena")), "--no-images")[0] == 3
    finally:
        release.set()
        thread.join()
    assert sync("lorena", "--source", str(sample.feed("lorena")), "--no-images")[0] == 0


def test_the_run_of_a_killed_worker_is_closed_as_failed(sample, store_categories):
    supplier = make_supplier(sample, "lorena")
    orphan = SyncRun.objects.create(supplier=supplier)  # "running", as kill -9 left it
    SyncLock.objects.create(supplier=supplier, token="dead", host=socket.gethostname(), pid=dead_pid(),
                            run=orphan, acquired_at=timezone.now(), heartbeat=timezone.now())
    assert sync("lorena", "--source", str(sample.feed("lorena")), "--no-images")[0] == 0
    orphan.refresh_from_db()
    assert orphan.status == SyncRun.Status.FAILED and orphan.finished_at is not None
    assert "worker died" in orphan.error
    assert SyncRun.objects.filter(supplier=supplier, status=SyncRun.Status.DONE).count() == 1
