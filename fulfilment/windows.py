"""Dispatch windows: the label that makes a supplier's dispatch unique (one e-mail per window)."""

from datetime import time, timedelta

from django.conf import settings
from django.utils import timezone


def dispatch_times() -> list[time]:
    return sorted(time.fromisoformat(text) for text in settings.FULFILMENT_DISPATCH_TIMES)


def scheduled_window(now=None) -> str:
    """The slot a scheduled run belongs to: the latest dispatch time at or before `now` (local),
    so a late or repeated run of the 09:00 schedule still lands in the 09:00 window."""
    now = timezone.localtime(now)
    times = dispatch_times()
    earlier = [moment for moment in times if moment <= now.time()]
    day, moment = (now.date(), earlier[-1]) if earlier else (now.date() - timedelta(days=1), times[-1])
    return f"{day:%Y-%m-%d} {moment:%H:%M}"


def manual_window(now=None) -> str:
    """An on-demand run from the admin: its own window, one per minute (a double click is one run)."""
    return f"{timezone.localtime(now):%Y-%m-%d %H:%M} manual"
