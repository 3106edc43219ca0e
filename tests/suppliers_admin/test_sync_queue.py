"""A supplier waiting for a worker is queued once, however often "Sync" or "Sync all" is pressed."""

from __future__ import annotations

import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection, connections
from django.utils import timezone

from suppliers import tasks
from suppliers.models import Supplier, SyncLock
from suppliers.sync import conf

from .conftest import admin_url

JSON = {"Accept": "application/json", "x-requested-with": "XMLHttpRequest"}


@pytest.fixture
def broker():
    """The cluster is busy: tasks wait in the queue instead of running inline."""
    with mock.patch("suppliers.tasks.async_task", side_effect=lambda *a, **k: f"task-{a[1]}") as queue:
        yield queue


def test_sync_all_pressed_twice_queues_each_supplier_once(manager_client, supplier, broker):
    other = Supplier.objects.create(name="Lorena", slug="lorena", dialect="csv_table")

    first = manager_client.post(admin_url("sync_all"), headers=JSON)
    second = manager_client.post(admin_url("sync_all"), headers=JSON)

    assert first.status_code == 202 and "2 of 2" in first.json()["message"]
    assert second.status_code == 409 and "already being synced" in second.json()["message"]
    assert sorted(call.args[1] for call in broker.call_args_list) == sorted([supplier.pk, other.pk])


def test_sync_now_on_a_queued_supplier_says_it_is_queued(manager_client, supplier, broker):
    assert manager_client.post(admin_url("sync", supplier.pk), headers=JSON).status_code == 202
    response = manager_client.post(admin_url("sync", supplier.pk), headers=JSON)
    assert response.status_code == 409 and "already queued" in response.json()["message"]
    assert broker.call_count == 1

    page = manager_client.get(admin_url("overview")).content.decode()
    row = page[page.index(f'data-supplier-id="{supplier.pk}"'):]
    row = row[:row.index("</tr>")]
    assert "Queued: waiting for a worker" in row and "disabled" in row
    status = manager_client.get(admin_url("status")).json()["suppliers"][0]
    assert status["queued"] is True and status["running"] is False


def test_a_worker_picking_the_sync_up_frees_the_queue_slot(supplier, broker):
    assert tasks.enqueue_sync(supplier) == f"task-{supplier.pk}"
    assert tasks.enqueue_sync(supplier) is None
    with mock.patch("suppliers.tasks.run_one", return_value=(0, "ok", None)):
        tasks.sync_supplier_task(supplier.pk)  # what the worker runs
    assert tasks.enqueue_sync(supplier) is not None
    assert broker.call_count == 2


def test_a_sync_queued_long_ago_and_never_started_can_be_queued_again(supplier, broker):
    assert tasks.enqueue_sync(supplier)
    lost = timezone.now() - timedelta(seconds=conf.get("SUPPLIER_SYNC_QUEUED_STALE") + 1)
    SyncLock.objects.filter(supplier=supplier).update(queued_at=lost)
    assert tasks.enqueue_sync(supplier)
    assert broker.call_count == 2


def test_a_broker_that_refuses_the_task_leaves_nothing_queued(supplier):
    with mock.patch("suppliers.tasks.async_task", side_effect=ConnectionError("redis is down")), \
            pytest.raises(ConnectionError):
        tasks.enqueue_sync(supplier)
    assert SyncLock.objects.get(supplier=supplier).queued_at is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need a real server")
@pytest.mark.django_db(transaction=True)
def test_two_presses_at_the_same_moment_queue_once(broker):
    supplier = Supplier.objects.create(name="Race", slug="race", dialect="csv_table")
    barrier = threading.Barrier(4)
    queued: list[str | None] = []

    def press():
        try:
            barrier.wait()
            queued.append(tasks.enqueue_sync(supplier))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(queued, key=str) == [None, None, None, f"task-{supplier.pk}"]
    assert broker.call_count == 1
