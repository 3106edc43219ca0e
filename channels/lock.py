"""One build (or order import) per channel at a time, across workers: a lock row (FeedLock,
OrderImportLock) claimed under FOR UPDATE.

A second build that finds the lock taken does not wait: it asks the running one to go again
when it finishes (so a sync's changes are never lost), and returns.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from channels.models import FeedLock


class FeedBusy(Exception):
    """Another build of this channel is running."""


def stale_after() -> timedelta:
    return timedelta(seconds=settings.CHANNELS_LOCK_STALE_SECONDS)


class ChannelLock:
    def __init__(self, channel, model=FeedLock):
        self.channel = channel
        self.model = model
        self.token = uuid.uuid4().hex

    def acquire(self):
        self.model.objects.get_or_create(channel=self.channel)
        with transaction.atomic():
            lock = self.model.objects.select_for_update().get(channel=self.channel)
            now = timezone.now()
            busy = lock.token and lock.acquired_at and now - lock.acquired_at < stale_after()
            if busy:
                lock.rerun_requested = True
                lock.save(update_fields=["rerun_requested"])
            else:
                lock.token, lock.acquired_at, lock.rerun_requested = self.token, now, False
                lock.save()
        if busy:  # raised after the commit, so the rerun request is kept
            raise FeedBusy(f"{self.channel} is busy since {lock.acquired_at:%H:%M:%S}")
        return self

    def release(self) -> bool:
        """Free the lock; True when another build was asked for meanwhile."""
        with transaction.atomic():
            lock = (self.model.objects.select_for_update()
                    .filter(channel=self.channel, token=self.token).first())
            if lock is None:
                return False
            rerun = lock.rerun_requested
            lock.token, lock.acquired_at, lock.rerun_requested = "", None, False
            lock.save()
        return rerun
