"""Who is asking, and how often: the client address and a per-minute request counter.

The address is REMOTE_ADDR; X-Forwarded-For is believed only when TRUST_X_FORWARDED_FOR
says so (behind our own proxy, which must then overwrite the header). Counters live in
Django's cache, so every web process shares them.
"""

import time

from django.conf import settings
from django.core.cache import cache


def _now():
    return time.time()


def client_address(request) -> str:
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        first = forwarded.split(",")[0].strip()
        if first:
            return first[:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


def retry_after_window(key: str, limit: int, window: int = 60) -> int:
    """Count one request under `key`; 0 while at most `limit` came in this fixed window,
    else the seconds until the next window opens."""
    if limit <= 0:
        return 0
    now = _now()
    current = int(now // window)
    counter = f"rate:{key}:{current}"
    cache.add(counter, 0, window + 5)
    try:
        count = cache.incr(counter)
    except ValueError:  # expired between add and incr
        cache.set(counter, 1, window + 5)
        count = 1
    if count <= limit:
        return 0
    return max(1, int((current + 1) * window - now) + 1)
