"""Price and stock to Prom.ua between full feeds, through its API.

`POST {PROM_API_URL}/products/edit_by_external_id` with `Authorization: Bearer <token>` takes a
JSON list of `{"id": <our offer id>, "price", "quantity_in_stock", "presence", "presence_sure"}`
(the same ids as the feed's offers), in batches of PROM_PUSH_BATCH. A 429, a 5xx, a network
error or a 200 whose body says `success: false` is retried with exponential backoff; per-item
errors Prom reports in `errors` are returned, not retried (the next full feed carries them).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

import httpx
from django.conf import settings

from channels.models import ChannelListing
from channels.projection import Entry, Projection, offer_id
from channels.retry import GaveUp, post_json
from shop.models import Variant

logger = logging.getLogger(__name__)


class PromError(Exception):
    """Prom refused the push (token, request) or kept failing after the retries."""


@dataclass
class PushResult:
    sent: int = 0
    batches: int = 0
    errors: dict = field(default_factory=dict)


class PromClient:
    def __init__(self, token: str, *, base_url: str | None = None, retries: int | None = None,
                 backoff: float | None = None, sleep=time.sleep):
        self.token = token
        self.base_url = (base_url or settings.PROM_API_URL).rstrip("/")
        self.retries = settings.PROM_PUSH_RETRIES if retries is None else retries
        self.backoff = settings.PROM_PUSH_BACKOFF_SECONDS if backoff is None else backoff
        self.sleep = sleep

    def edit_by_external_id(self, items: list[dict]) -> dict:
        try:
            response = post_json(
                f"{self.base_url}/products/edit_by_external_id", items,
                headers={"Authorization": f"Bearer {self.token}", "Accept": "application/json"},
                retryable=_retryable, retries=self.retries, backoff=self.backoff, sleep=self.sleep)
        except GaveUp as exc:
            raise PromError(f"Prom kept failing after {self.retries} retries: {exc.last}") from exc
        if response.status_code >= 400:
            raise PromError(f"Prom refused the request: HTTP {response.status_code} {response.text[:200]}")
        return response.json()


def _retryable(response: httpx.Response) -> bool:
    if response.status_code == 429 or response.status_code >= 500:
        return True
    if response.status_code == 200:
        try:
            return response.json().get("success") is False
        except (ValueError, AttributeError):
            return True  # a 200 that is not the API's JSON: a proxy's page, try again
    return False


def offer_updates(channel, product_ids) -> list[dict]:
    """What Prom should know now about the offers of these products (by the feed's offer ids)."""
    items, seen = [], set()
    for entry in Projection(channel, product_ids=product_ids):
        seen.add(entry.product_id)
        if not isinstance(entry, Entry) or entry.listing_state not in ChannelListing.IN_FEED:
            continue
        for offer in entry.offers:
            # Prom's API takes JSON numbers; prices are exact to the kopiyka as floats.
            items.append({"id": offer.id, "price": float(offer.price), "quantity_in_stock": offer.quantity,
                          "presence": "available" if offer.available else "not_available",
                          "presence_sure": True})
    gone = [pk for pk in product_ids if pk not in seen]  # left the channel: no longer for sale there
    variants = Variant.objects.filter(product_id__in=gone).values_list("pk", "product__supplier__slug")
    for variant_id, slug in variants:
        items.append({"id": offer_id(slug, variant_id), "quantity_in_stock": 0,
                      "presence": "not_available", "presence_sure": True})
    return items


def push(channel, product_ids, client: PromClient | None = None) -> PushResult:
    client = client or PromClient(channel.prom_api_token)
    items = offer_updates(channel, list(product_ids))
    result, size = PushResult(), settings.PROM_PUSH_BATCH
    for start in range(0, len(items), size):
        batch = items[start: start + size]
        answer = client.edit_by_external_id(batch)
        result.batches += 1
        result.sent += len(batch)
        result.errors.update(answer.get("errors") or {})
    if result.errors:
        logger.warning("Prom rejected %d offers of %s: %s", len(result.errors), channel, result.errors)
    return result
