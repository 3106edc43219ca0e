"""At most SEARCH_RATE_LIMIT search requests a minute from one address (page and API alike).

Counters live in Django's cache, one per address and minute. The address is
REMOTE_ADDR; X-Forwarded-For is believed only when SEARCH_TRUST_X_FORWARDED_FOR
says so (behind our own proxy, which must then overwrite the header).
"""

import time

from django.conf import settings
from django.core.cache import cache

WINDOW = 60


def _now():
    return time.time()


def client_address(request) -> str:
    if getattr(settings, "SEARCH_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        first = forwarded.split(",")[0].strip()
        if first:
            return first[:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


def retry_after(request) -> int:
    """0 when the request may go on; else the seconds until this address may search again."""
    limit = int(getattr(settings, "SEARCH_RATE_LIMIT", 120))
    if limit <= 0:
        return 0
    now = _now()
    window = int(now // WINDOW)
    key = f"search:rate:{client_address(request)}:{window}"
    cache.add(key, 0, WINDOW + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW + 5)
        count = 1
    if count <= limit:
        return 0
    return max(1, int((window + 1) * WINDOW - now) + 1)
