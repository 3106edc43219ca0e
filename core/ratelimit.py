"""Who is asking, and how often: the client address and a per-minute request counter.

Which address is the client's is a deploy fact, stated once in settings:
- CLIENT_ADDRESS_HEADER names a header our own proxy sets and overwrites, such as nginx's
  `proxy_set_header X-Real-IP $remote_addr` (the shipped deploy/nginx.conf). Behind it,
  gunicorn listens on a unix socket and REMOTE_ADDR is the same for every shopper.
- Else TRUSTED_PROXY_HOPS counts the proxies in front of us that append to X-Forwarded-For;
  the entry that many places from the right is the one the outermost proxy saw. Entries
  further left are whatever the client wrote, so they are never believed.
- Else REMOTE_ADDR.
Counters live in Django's cache, which production settings require to be shared.
"""

import time

from django.conf import settings
from django.core.cache import cache


def _now():
    return time.time()


def client_address(request) -> str:
    header = getattr(settings, "CLIENT_ADDRESS_HEADER", "")
    if header:
        value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "").strip()
        if value:
            return value[:64]
    hops = int(getattr(settings, "TRUSTED_PROXY_HOPS", 0) or 0)
    if hops > 0:
        entries = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        entries = [entry for entry in entries if entry]
        if len(entries) >= hops:
            return entries[-hops][:64]
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
