"""What the channels' order API clients share: their error, the retry rule, the time format."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx


class ChannelApiError(Exception):
    """The channel's API refused the request, answered something unreadable, or kept failing."""


def transient(response: httpx.Response) -> bool:
    """Worth another try with backoff: rate limits and the server's own failures."""
    return response.status_code == 429 or response.status_code >= 500


def utc_param(moment: datetime) -> str:
    """A moment for a "modified since" filter, in UTC without an offset.

    Neither API says for certain whether it reads this as UTC or as Kyiv time. Kyiv is ahead of
    UTC, so a UTC value read as Kyiv time only asks for a little more than needed (an overlap,
    deduplicated by the import), never for less.
    """
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def json_body(response: httpx.Response, who: str):
    try:
        return response.json()
    except ValueError:
        raise ChannelApiError(
            f"{who} answered HTTP {response.status_code} with something that is not JSON: "
            f"{response.text[:200]!r}"
        ) from None
