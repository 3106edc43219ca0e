"""django-q2 tasks around the sync pipeline (the admin's buttons and the schedules enqueue these)."""

from __future__ import annotations

from django_q.tasks import async_task

from suppliers.models import Supplier
from suppliers.sync.lock import SyncBusy, SyncQueued, clear_queued, mark_queued
from suppliers.sync.runner import run_one


def sync_supplier_task(supplier_id: int, source: str | None = None, dry_run: bool = False,
                       force: bool = False, images: bool = True, mode: str | None = None) -> dict:
    """Run one sync; returns {"supplier", "exit_code", "summary", "run"} for the task result.
    `mode` ("full", "incremental") is for store connectors; None: their state decides."""
    supplier = Supplier.objects.get(pk=supplier_id)
    clear_queued(supplier)
    if not supplier.active:
        return {"supplier": supplier.slug, "exit_code": 0, "summary": "inactive: skipped", "run": None}
    code, line, run = run_one(supplier, source=source, dry_run=dry_run, force=force, images=images,
                              mode=mode)
    return {"supplier": supplier.slug, "exit_code": code, "summary": line, "run": run and run.pk}


def sync_all_task(**options) -> list[dict]:
    return [sync_supplier_task(pk, **options)
            for pk in Supplier.objects.filter(active=True).exclude(dialect="").values_list("pk", flat=True)]


def enqueue_sync(supplier: Supplier, **options) -> str | None:
    """Queue a sync; None when one is already running or waiting (the admin answers 409 Conflict)."""
    try:
        mark_queued(supplier)
    except (SyncBusy, SyncQueued):
        return None
    try:
        return async_task(sync_supplier_task, supplier.pk, task_name=f"sync {supplier.slug}"[:100],
                          **options)
    except Exception:
        clear_queued(supplier)  # the broker refused it: nothing is waiting
        raise


def enqueue_all(**options) -> list[str]:
    return [task_id for supplier in Supplier.objects.filter(active=True).exclude(dialect="")
            if (task_id := enqueue_sync(supplier, **options))]
