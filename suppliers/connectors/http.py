"""Calls to a store's API: public addresses only, retried when the store asks us to wait,
secrets kept out of every message.

A 429, a 5xx from a gateway or the application, a timeout or a dropped connection is
retried with exponential backoff and jitter (the delay doubles from
SUPPLIER_CONNECTOR_BACKOFF, then a random share of up to half of it is taken off, so many
workers do not come back in step); a Retry-After header (seconds or an HTTP date) wins over
the computed delay. A wait longer than SUPPLIER_CONNECTOR_MAX_WAIT, or a failure that stays
after SUPPLIER_CONNECTOR_RETRIES retries, ends the run with a ConnectorError, which is a
FeedError: the pipeline rejects the run and changes nothing.

Requests go through suppliers.sync.safehttp (the same address guard as feed downloads) and
never follow redirects, which would carry the credentials elsewhere.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import random
import time
import urllib.error
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit

from suppliers.feeds import FeedError
from suppliers.sync import conf, safehttp

RETRY_STATUSES = {429, 500, 502, 503, 504}


class ConnectorError(FeedError):
    """The store could not be read; the run is rejected and nothing already imported changes."""


class Clock:
    """Time as a connector sees it. Tests pass their own to wait without sleeping."""

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def now(self) -> datetime:
        return datetime.now(UTC)


def scrub(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret (and the Basic credentials built from them) replaced."""
    for secret in sorted((s for s in secrets if s and len(s) >= 4), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    url: str

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError as exc:
            raise ConnectorError(f"{self.url}: the answer is not JSON ({exc})") from exc

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


@dataclass
class ApiClient:
    base_url: str
    headers: dict[str, str] = field(default_factory=dict)
    secrets: tuple[str, ...] = ()
    clock: Clock = field(default_factory=Clock)
    rand: Callable[[], float] = random.random
    beat: Callable[[], None] | None = None
    private_hosts: frozenset[str] = frozenset()  # the supplier's hosts allowed on private addresses
    requests: int = 0  # how many were sent, retries included (the run log says it)
    retried: int = 0

    def url(self, path: str, params: dict | list | None = None) -> str:
        url = path if path.startswith(("http://", "https://")) else self.base_url.rstrip("/") + path
        if params:
            url += ("&" if "?" in url else "?") + urlencode(params, doseq=True)
        return url

    def shown(self, url: str) -> str:
        """A URL as messages show it: path and query, secrets scrubbed."""
        parts = urlsplit(url)
        return scrub(parts.path + (f"?{parts.query}" if parts.query else ""), self.secrets)[:300]

    def get(self, path: str, params=None, headers: dict | None = None) -> Response:
        return self.request("GET", path, params=params, headers=headers)

    def post_json(self, path: str, payload, headers: dict | None = None) -> Response:
        return self.request("POST", path, data=json.dumps(payload).encode(),
                            headers={"Content-Type": "application/json", **(headers or {})})

    def request(self, method: str, path: str, *, params=None, data: bytes | None = None,
                headers: dict | None = None, authenticated: bool = True) -> Response:
        url = self.url(path, params)
        retries, backoff = conf.get("SUPPLIER_CONNECTOR_RETRIES"), conf.get("SUPPLIER_CONNECTOR_BACKOFF")
        sent = {**(self.headers if authenticated else {}), **(headers or {})}
        for attempt in range(retries + 1):
            if self.beat is not None:
                self.beat()
            self.requests += 1
            failure, wait = self._attempt(method, url, data, sent)
            if isinstance(failure, Response):
                return failure
            if attempt == retries:
                break
            delay = backoff * (2 ** attempt)
            delay = delay - delay * 0.5 * self.rand()  # jitter: between half and all of it
            if wait is not None:
                delay = wait
            self.pause(delay, failure)
            self.retried += 1
        raise ConnectorError(f"{failure} (gave up after {retries} retries)")

    def pause(self, seconds: float, reason: str) -> None:
        limit = conf.get("SUPPLIER_CONNECTOR_MAX_WAIT")
        if seconds > limit:
            raise ConnectorError(f"{reason}; the store asks to wait {seconds:.0f} s, over the "
                                 f"{limit} s limit")
        self.clock.sleep(max(0.0, seconds))

    def _attempt(self, method, url, data, headers) -> tuple[Response | str, float | None]:
        """A Response, or (what went wrong, how long the store asked us to wait) for a retry."""
        shown = self.shown(url)
        try:
            with safehttp.open_api(url, method=method, data=data, headers=headers,
                                   timeout=conf.get("SUPPLIER_CONNECTOR_TIMEOUT"),
                                   private_hosts=self.private_hosts) as answer:
                body = self._read(answer, shown)
                return Response(answer.status, {k.lower(): v for k, v in answer.headers.items()},
                                body, shown), None
        except urllib.error.HTTPError as exc:
            status = exc.code
            text = scrub(self._error_text(exc), self.secrets)
            message = f"{method} {shown}: HTTP {status}" + (f" — {text}" if text else "")
            if status in RETRY_STATUSES:
                return message, retry_after(exc.headers.get("Retry-After", ""), self.clock)
            if 300 <= status < 400:
                message += " (redirect refused: set the store address it points to)"
            raise ConnectorError(message) from None
        except safehttp.BlockedAddress as exc:
            raise ConnectorError(f"{shown}: {exc}") from None
        except (TimeoutError, urllib.error.URLError, ConnectionError, http.client.HTTPException,
                OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, safehttp.BlockedAddress):
                raise ConnectorError(f"{shown}: {reason}") from None
            return f"{method} {shown}: {type(reason).__name__}: {scrub(str(reason), self.secrets)}", None

    @staticmethod
    def _read(answer, shown: str) -> bytes:
        limit = conf.get("SUPPLIER_CONNECTOR_MAX_RESPONSE_BYTES")
        body = answer.read(limit + 1)
        if len(body) > limit:
            raise ConnectorError(f"{shown}: the answer is over {limit} bytes")
        return body

    @staticmethod
    def _error_text(exc: urllib.error.HTTPError) -> str:
        try:
            raw = exc.read(2000)
        except (OSError, http.client.HTTPException):
            return ""
        text = raw.decode("utf-8", "replace")
        try:
            data = json.loads(text)
        except ValueError:
            return " ".join(text.split())[:200]
        if isinstance(data, dict):  # Woo {code, message}, Magento {message, parameters}
            return str(data.get("message") or data.get("errors") or data.get("code") or "")[:200]
        return ""


def retry_after(value: str, clock: Clock) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None when absent or bad."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - clock.now()).total_seconds())
