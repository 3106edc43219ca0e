"""How far a running sync got, written often enough for the admin's bar to move.

Each phase (reading the feed, downloading a batch's photos, writing products, unpublishing)
has its own count; the run row is updated at most every `EVERY` seconds, with a single
UPDATE of the progress columns, so a feed of 50,000 models costs a few dozen writes.
"""

from __future__ import annotations

import time
from contextlib import contextmanager

from suppliers.models import SyncRun

EVERY = 1.0  # seconds between two writes of the same phase


class Progress:
    def __init__(self, run: SyncRun, clock=time.monotonic):
        self.run = run
        self.clock = clock
        self._saved_at = float("-inf")

    def start(self, phase: str, total: int = 0, done: int = 0) -> None:
        """Enter a phase; saved at once, so the admin sees the phase change."""
        self.run.phase, self.run.progress_total, self.run.progress_done = phase, total, done
        self.save(force=True)

    @contextmanager
    def interlude(self, phase: str, total: int):
        """A phase inside another (a batch's photos while writing); the outer one resumes after."""
        outer = (self.run.phase, self.run.progress_total, self.run.progress_done)
        self.start(phase, total)
        try:
            yield self
        finally:
            self.start(*outer)

    def advance(self, count: int = 1) -> None:
        self.run.progress_done += count
        self.save()

    def save(self, force: bool = False) -> None:
        if self.run.pk is None or (not force and self.clock() - self._saved_at < EVERY):
            return
        SyncRun.objects.filter(pk=self.run.pk).update(
            phase=self.run.phase, progress_done=self.run.progress_done,
            progress_total=self.run.progress_total)
        self._saved_at = self.clock()
