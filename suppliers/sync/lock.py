"""One sync per supplier at a time, held in the database so it works across workers.

The SyncLock row of a supplier is claimed under SELECT ... FOR UPDATE: two
starters serialise on the row and the second sees the first one's claim. A
holder proves it is alive with a heartbeat; a claim is taken over when its
heartbeat is stale or when its process is gone (same host, pid not running),
so a killed worker leaves no lock behind.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from suppliers.models import SyncLock

from . import conf

BEAT_EVERY = 10  # seconds between heartbeats


class SyncBusy(Exception):
    """Another sync of this supplier is running."""

    def __init__(self, lock: SyncLock):
        self.host, self.pid, self.since = lock.host, lock.pid, lock.acquired_at
        super().__init__(f"another sync of {lock.supplier_id and lock.supplier} is running "
                         f"(host {lock.host}, pid {lock.pid}, since {lock.acquired_at:%Y-%m-%d %H:%M:%S})")


class LockLost(Exception):
    """Our claim was taken over (we stalled past the stale limit); stop writing."""


def _pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process, but alive
    return True


def is_stale(lock: SyncLock, now=None) -> bool:
    now = now or timezone.now()
    limit = timedelta(seconds=conf.get("SUPPLIER_SYNC_LOCK_STALE"))
    if lock.heartbeat is None or now - lock.heartbeat > limit:
        return True
    return lock.host == socket.gethostname() and not _pid_alive(lock.pid)


def is_locked(supplier) -> bool:
    """Whether a live sync holds the supplier (what an admin button checks before queueing)."""
    lock = SyncLock.objects.filter(supplier=supplier).first()
    return bool(lock and lock.token and not is_stale(lock))


class SyncQueued(Exception):
    """A sync of this supplier is already waiting for a worker."""

    def __init__(self, since):
        self.since = since
        super().__init__(f"a sync is already queued (since {since:%Y-%m-%d %H:%M:%S})")


def is_queued(lock: SyncLock | None, now=None) -> bool:
    if lock is None or lock.queued_at is None:
        return False
    now = now or timezone.now()
    return now - lock.queued_at < timedelta(seconds=conf.get("SUPPLIER_SYNC_QUEUED_STALE"))


def mark_queued(supplier) -> None:
    """Claim the supplier's place in the queue, or raise SyncBusy / SyncQueued.

    Under the lock row, so two presses of "Sync all" at once queue each supplier once."""
    SyncLock.objects.get_or_create(supplier=supplier)
    with transaction.atomic():
        lock = SyncLock.objects.select_for_update().select_related("supplier").get(supplier=supplier)
        if lock.token and not is_stale(lock):
            raise SyncBusy(lock)
        if is_queued(lock):
            raise SyncQueued(lock.queued_at)
        lock.queued_at = timezone.now()
        lock.save(update_fields=["queued_at"])


def clear_queued(supplier) -> None:
    """A worker picked the queued sync up (or queueing failed): the supplier may be queued again."""
    SyncLock.objects.filter(supplier=supplier).update(queued_at=None)


def _close_dead_run(lock: SyncLock) -> None:
    """The run whose worker died (kill -9, a lost machine) says so in the run log instead of
    staying "running" forever. Its batches were committed whole or not at all."""
    from suppliers.models import SyncRun

    SyncRun.objects.filter(pk=lock.run_id, status=SyncRun.Status.RUNNING).update(
        status=SyncRun.Status.FAILED, finished_at=timezone.now(),
        error=f"The worker died during the run (host {lock.host}, pid {lock.pid}); "
              "the next run took over its lock.")


class SupplierLock:
    def __init__(self, supplier):
        self.supplier = supplier
        self.token = uuid.uuid4().hex
        self._last_beat = 0.0

    def acquire(self, run=None) -> SupplierLock:
        SyncLock.objects.get_or_create(supplier=self.supplier)
        with transaction.atomic():
            lock = SyncLock.objects.select_for_update().select_related("supplier").get(
                supplier=self.supplier)
            if lock.token and not is_stale(lock):
                raise SyncBusy(lock)
            if lock.token and lock.run_id:
                _close_dead_run(lock)
            now = timezone.now()
            lock.token, lock.host, lock.pid = self.token, socket.gethostname(), os.getpid()
            lock.run, lock.acquired_at, lock.heartbeat = run, now, now
            lock.save()
        self._last_beat = time.monotonic()
        return self

    def attach(self, run) -> None:
        SyncLock.objects.filter(supplier=self.supplier, token=self.token).update(run=run)

    def beat(self, force: bool = False) -> None:
        """Refresh the heartbeat (at most every BEAT_EVERY seconds unless forced)."""
        if not force and time.monotonic() - self._last_beat < BEAT_EVERY:
            return
        held = SyncLock.objects.filter(supplier=self.supplier, token=self.token).update(
            heartbeat=timezone.now())
        if not held:
            raise LockLost(f"the sync lock of {self.supplier} was taken over by another run")
        self._last_beat = time.monotonic()

    def release(self) -> None:
        SyncLock.objects.filter(supplier=self.supplier, token=self.token).update(
            token="", pid=None, run=None, heartbeat=None)

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc):
        self.release()
        return False
