"""Failed sign-ins are limited per e-mail and per address (SIGN_IN_RATE_LIMITS in settings).

Counters live in Django's cache. A window opens at the first failure and lasts its
length; while a counter is at its limit, sign-in is refused before any password is
checked. The client address is core.ratelimit.client_address (X-Forwarded-For only when trusted).
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache

from core.ratelimit import client_address

DEFAULTS = {"email": (5, 15 * 60), "address": (20, 15 * 60)}


def _now():
    return time.time()


def _limits():
    return {**DEFAULTS, **getattr(settings, "SIGN_IN_RATE_LIMITS", {})}


def _keys(request, email):
    digest = hashlib.sha256((email or "").strip().lower().encode()).hexdigest()[:32]
    return {"email": f"signin:fail:email:{digest}", "address": f"signin:fail:ip:{client_address(request)}"}


def retry_after(request, email) -> int:
    """0 if this sign-in may be tried; else the seconds until it may."""
    wait = 0
    for kind, key in _keys(request, email).items():
        limit, window = _limits()[kind]
        state = cache.get_many([f"{key}:n", f"{key}:start"])
        started = state.get(f"{key}:start", 0)
        if state.get(f"{key}:n", 0) >= limit and started + window > _now():
            wait = max(wait, math.ceil(started + window - _now()), 1)
    return wait


def record_failure(request, email) -> None:
    now = _now()
    for kind, key in _keys(request, email).items():
        _limit, window = _limits()[kind]
        # add() only opens a window when none is open; incr() is atomic in every cache backend.
        if cache.get(f"{key}:start", now) + window <= now:  # a window the cache has not dropped yet
            cache.delete_many([f"{key}:start", f"{key}:n"])
        cache.add(f"{key}:start", now, window)
        cache.add(f"{key}:n", 0, window)
        try:
            cache.incr(f"{key}:n")
        except ValueError:  # the window closed between add and incr
            cache.set_many({f"{key}:start": now, f"{key}:n": 1}, window)


def forget_failures(request, email) -> None:
    """A right password clears the e-mail's counter (not the address's: one good account must
    not unlock guessing at the others)."""
    key = _keys(request, email)["email"]
    cache.delete_many([f"{key}:n", f"{key}:start"])
