"""JSON requests with retries and exponential backoff, for the small API clients of this app.

What counts as "try again" differs per service, so the caller passes `retryable(response)`;
network errors are always retried. Retry-After (seconds) wins over the computed delay.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx


class GaveUp(Exception):
    """Every attempt failed with something worth retrying; `last` says what the last one was."""

    def __init__(self, last: str):
        self.last = last
        super().__init__(last)


def post_json(url: str, payload, *, headers: dict, retryable: Callable[[httpx.Response], bool],
              retries: int, backoff: float, timeout: float = 30.0, sleep=time.sleep) -> httpx.Response:
    """The first response that is not retryable; GaveUp after `retries` retries."""
    return request_json("POST", url, json=payload, headers=headers, retryable=retryable, retries=retries,
                        backoff=backoff, timeout=timeout, sleep=sleep)


def request_json(method: str, url: str, *, headers: dict, retryable: Callable[[httpx.Response], bool],
                 retries: int, backoff: float, params=None, json=None, timeout: float = 30.0,
                 sleep=time.sleep) -> httpx.Response:
    """The first response that is not retryable; GaveUp after `retries` retries."""
    last = ""
    for attempt in range(retries + 1):
        delay = backoff * (2 ** attempt)
        try:
            response = httpx.request(method, url, params=params, json=json, headers=headers, timeout=timeout)
        except httpx.TransportError as exc:
            last = f"{type(exc).__name__}: {exc}"
        else:
            if not retryable(response):
                return response
            last = f"HTTP {response.status_code}: {response.text[:200]}"
            delay = _retry_after(response, delay)
        if attempt < retries:
            sleep(delay)
    raise GaveUp(last)


def _retry_after(response: httpx.Response, default: float) -> float:
    try:
        return max(0.0, float(response.headers.get("Retry-After", "")))
    except ValueError:
        return default
