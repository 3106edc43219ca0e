"""What the overview and its JSON status endpoint show: each supplier with its last run."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Subquery

from suppliers.models import Supplier, SyncLock, SyncRun
from suppliers.sync.lock import is_queued, is_stale

COUNT_FIELDS = ["created", "updated", "unchanged", "unpublished", "skipped"]


def suppliers_with_last_run():
    """Suppliers (with product counts) and their latest run as `supplier.last_run`: three queries."""
    latest = SyncRun.objects.filter(supplier=OuterRef("pk")).order_by("-started_at", "-pk")
    suppliers = list(Supplier.objects.annotate(
        product_count=Count("products", distinct=True),
        last_run_id=Subquery(latest.values("pk")[:1]),
    ).order_by("name"))
    runs = SyncRun.objects.in_bulk([s.last_run_id for s in suppliers if s.last_run_id])
    locks = {lock.supplier_id: lock for lock in SyncLock.objects.filter(supplier__in=suppliers)}
    for supplier in suppliers:
        supplier.last_run = runs.get(supplier.last_run_id)
        lock = locks.get(supplier.pk)
        supplier.is_running = bool(lock and lock.token and not is_stale(lock))
        supplier.is_queued = not supplier.is_running and is_queued(lock)
        supplier.can_sync = supplier.active and bool(supplier.dialect)
    return suppliers


def run_json(run: SyncRun | None) -> dict | None:
    if run is None:
        return None
    return {
        "id": run.pk,
        "status": run.status,
        "status_label": run.get_status_display(),
        "started_at": run.started_at.isoformat(),
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "duration_seconds": round(run.duration.total_seconds(), 1),
        "phase": run.phase,
        "phase_label": run.get_phase_display(),
        "progress_done": run.progress_done,
        "progress_total": run.progress_total,
        "progress_percent": run.progress_percent,
        "warnings": run.warnings_total,
        "error": run.error.splitlines()[0] if run.error else "",
        **{name: getattr(run, name) for name in COUNT_FIELDS},
    }


def status_json() -> dict:
    from suppliers.admin.webp import remaining_count

    return {
        "suppliers": [
            {"id": s.pk, "slug": s.slug, "running": s.is_running, "queued": s.is_queued,
             "last_run": run_json(s.last_run)}
            for s in suppliers_with_last_run()
        ],
        "webp_remaining": remaining_count(),
    }
