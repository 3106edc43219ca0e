"""Sync now / Sync all, the 409 while a sync runs, and the status JSON the progress bar polls."""

from __future__ import annotations

from decimal import Decimal
from unittest import mock

from django.core.files import File

from suppliers.feeds.sample import generate
from suppliers.models import Supplier, SyncRun

from .conftest import admin_url, hold_lock

JSON = {"Accept": "application/json", "x-requested-with": "XMLHttpRequest"}


def test_sync_now_queues_a_sync_of_that_supplier(manager_client, supplier):
    with mock.patch("suppliers.tasks.enqueue_sync", return_value="task-1") as enqueue:
        response = manager_client.post(admin_url("sync", supplier.pk), follow=True)
    enqueue.assert_called_once_with(supplier)
    assert response.redirect_chain[-1][0] == admin_url("overview")
    assert "Sync of NewFeet queued." in response.content.decode()

    with mock.patch("suppliers.tasks.enqueue_sync", return_value="task-2"):
        response = manager_client.post(admin_url("sync", supplier.pk), headers=JSON)
    assert response.status_code == 202 and response.json()["task"] == "task-2"


def test_sync_now_only_answers_post(manager_client, supplier):
    with mock.patch("suppliers.tasks.enqueue_sync") as enqueue:
        assert manager_client.get(admin_url("sync", supplier.pk)).status_code == 405
    assert not enqueue.called


def test_sync_now_really_syncs_the_supplier_from_its_uploaded_feed(manager_client, tmp_path):
    generate(tmp_path, models=8, seed=2, images=False)  # the task queue runs inline in tests
    supplier = Supplier(name="Kalyna", slug="kalyna", dialect="yml_grouped",
                        default_markup_percent=Decimal("35"))
    with open(tmp_path / "kalyna" / "feed.xml", "rb") as feed:
        supplier.feed_file.save("kalyna.xml", File(feed), save=False)
    supplier.save()

    response = manager_client.post(admin_url("sync", supplier.pk), follow=True)
    run = SyncRun.objects.get(supplier=supplier)
    assert run.status == SyncRun.Status.DONE and run.created > 0
    assert supplier.products.count() == run.created
    page = response.content.decode()
    assert admin_url("run", run.pk) in page  # the overview links the last run with its counts
    row = page[page.index(f'data-supplier-id="{supplier.pk}"'):]
    assert f'<td data-field="created">{run.created}</td>' in row


def test_sync_now_answers_409_while_a_sync_of_that_supplier_runs(manager_client, supplier):
    hold_lock(supplier)
    response = manager_client.post(admin_url("sync", supplier.pk), headers=JSON)
    assert response.status_code == 409
    assert "already running" in response.json()["message"]

    response = manager_client.post(admin_url("sync", supplier.pk), follow=True)
    assert "A sync of NewFeet is already running" in response.content.decode()
    assert not SyncRun.objects.exists()


def test_an_inactive_supplier_is_not_queued(manager_client, supplier):
    Supplier.objects.filter(pk=supplier.pk).update(active=False)
    with mock.patch("suppliers.tasks.enqueue_sync") as enqueue:
        response = manager_client.post(admin_url("sync", supplier.pk), headers=JSON)
    assert response.status_code == 400 and not enqueue.called


def test_sync_all_queues_every_free_supplier_and_names_the_busy_ones(manager_client, supplier):
    other = Supplier.objects.create(name="Lorena", slug="lorena", dialect="csv_table")
    hold_lock(other)
    with mock.patch("suppliers.tasks.async_task", return_value="task-1") as async_task:
        response = manager_client.post(admin_url("sync_all"), headers=JSON)
    assert response.status_code == 202
    assert "1 of 2" in response.json()["message"] and "1 already running" in response.json()["message"]
    assert [call.args[1] for call in async_task.call_args_list] == [supplier.pk]

    hold_lock(supplier)
    response = manager_client.post(admin_url("sync_all"), headers=JSON)
    assert response.status_code == 409


def test_status_json_reports_the_running_sync_and_its_progress(manager_client, supplier):
    done = SyncRun.objects.create(supplier=supplier, status=SyncRun.Status.DONE, created=5, updated=2,
                                  unchanged=7, warnings_total=3)
    done.finished_at = done.started_at
    done.save()
    idle = Supplier.objects.create(name="Idle", slug="idle", dialect="csv_table")

    data = manager_client.get(admin_url("status")).json()
    rows = {row["slug"]: row for row in data["suppliers"]}
    assert rows["newfeet"]["running"] is False
    assert rows["newfeet"]["last_run"]["created"] == 5 and rows["newfeet"]["last_run"]["warnings"] == 3
    assert rows["idle"]["last_run"] is None

    running = SyncRun.objects.create(supplier=supplier, progress_done=30, progress_total=120)
    lock = hold_lock(supplier)
    lock.run = running
    lock.save()
    data = manager_client.get(admin_url("status")).json()
    row = {row["slug"]: row for row in data["suppliers"]}["newfeet"]
    assert row["running"] is True
    assert row["last_run"]["status"] == "running" and row["last_run"]["progress_percent"] == 25
    assert idle.pk in {r["id"] for r in data["suppliers"]}

    # Without JavaScript the page shows the same progress on reload.
    page = manager_client.get(admin_url("overview")).content.decode()
    assert 'value="25"' in page and "30 / 120 (25%)" in page
