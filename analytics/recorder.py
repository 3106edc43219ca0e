"""Recording events without slowing the shopper: rows wait in this process's memory and go to the
database in one bulk insert once ANALYTICS_BUFFER_SIZE rows are waiting or the oldest has waited
ANALYTICS_BUFFER_SECONDS (checked when a request ends), and when the process exits.

A process that is killed loses at most its unwritten buffer: statistics, not bookkeeping.
"""

import atexit
import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

from analytics.models import Event
from analytics.visitors import is_bot, visitor_key

log = logging.getLogger(__name__)

_lock = threading.Lock()
_buffer: list[Event] = []
_oldest = 0.0


def record(kind: str, request=None, **fields):
    """Buffer one event; a bot's request, or an admin preview, records nothing."""
    if not settings.ANALYTICS_RECORDING:
        return
    if request is not None and (is_bot(request) or getattr(request, "is_preview", False)):
        return
    now = timezone.now()
    day = timezone.localdate(now)
    if request is not None:
        fields.setdefault("visitor", visitor_key(request, day))
        fields.setdefault("language", (getattr(request, "LANGUAGE_CODE", "") or "")[:8])
    add(Event(kind=kind, at=now, day=day, **fields))


def add(*events: Event):
    global _oldest
    with _lock:
        if not _buffer:
            _oldest = time.monotonic()
        _buffer.extend(events)
        full = len(_buffer) >= settings.ANALYTICS_BUFFER_SIZE
    if full:
        flush()


def flush_if_due(**kwargs):
    """At the end of a request: write the buffer if its oldest row has waited long enough."""
    if _buffer and time.monotonic() - _oldest >= settings.ANALYTICS_BUFFER_SECONDS:
        flush()


def flush() -> int:
    """Write every waiting event in one insert; returns how many."""
    with _lock:
        events = _buffer[:]
        _buffer.clear()
    if not events:
        return 0
    try:
        # A savepoint: a failed insert inside a caller's transaction must not break that transaction.
        with transaction.atomic():
            Event.objects.bulk_create(events, batch_size=1000)
    except DatabaseError:
        log.exception("analytics: %d events could not be written", len(events))
        return 0
    return len(events)


def pending() -> int:
    return len(_buffer)


def discard():
    """Forget waiting events (tests)."""
    with _lock:
        _buffer.clear()


atexit.register(flush)
