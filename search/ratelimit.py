"""At most SEARCH_RATE_LIMIT search requests a minute from one address (page and API alike)."""

from django.conf import settings

from core.ratelimit import client_address, retry_after_window


def retry_after(request) -> int:
    """0 when the request may go on; else the seconds until this address may search again."""
    limit = int(getattr(settings, "SEARCH_RATE_LIMIT", 120))
    return retry_after_window(f"search:{client_address(request)}", limit)
