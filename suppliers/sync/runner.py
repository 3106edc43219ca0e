"""Running syncs from commands and tasks: exit codes and one-line summaries."""

from __future__ import annotations

from suppliers.models import Supplier, SyncRun

from .lock import SyncBusy
from .pipeline import sync_supplier

EXIT_DONE, EXIT_FAILED, EXIT_REJECTED, EXIT_BUSY = 0, 1, 2, 3
# Done, but products that left the feed were kept (over the safety share): cron and
# monitoring must notice, so it is not 0.
EXIT_HELD_BACK = 4
EXIT_CODES = {SyncRun.Status.DONE: EXIT_DONE, SyncRun.Status.REJECTED: EXIT_REJECTED,
              SyncRun.Status.FAILED: EXIT_FAILED}


def run_one(supplier: Supplier, **options) -> tuple[int, str, SyncRun | None]:
    """(exit code, summary line, run) for one supplier; never raises SyncBusy."""
    try:
        run = sync_supplier(supplier, **options)
    except SyncBusy as exc:
        return EXIT_BUSY, f"{supplier.slug}: busy — {exc}", None
    if run.status == SyncRun.Status.DONE and run.unpublish_held:
        return EXIT_HELD_BACK, run.summary(), run
    return EXIT_CODES[run.status], run.summary(), run
