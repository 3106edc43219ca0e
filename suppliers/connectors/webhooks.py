"""Store webhooks (WooCommerce, Shopify) as hints: verified, deduplicated, debounced.

A delivery is trusted only when its HMAC-SHA256 over the raw body, keyed with the
supplier's webhook secret and base64-encoded, matches the signature header (compared in
constant time, before the body is parsed). Then it only schedules a run: an incremental
one SUPPLIER_WEBHOOK_DEBOUNCE_SECONDS later (a burst of deliveries makes one run), or,
for a deletion, a full one (only a full run unpublishes). The run reads the store through
its API as any scheduled run does: webhooks get lost (WooCommerce disables a webhook after
five failed deliveries, Shopify drops a subscription after its retries), so polling stays
the truth and a webhook only makes it come sooner.

Repeats are ignored by delivery id (X-WC-Webhook-Delivery-ID, X-Shopify-Webhook-Id), and a
Shopify delivery triggered longer ago than SUPPLIER_WEBHOOK_REPLAY_SECONDS is acknowledged
and ignored (WooCommerce sends no trigger time; its product payload's modification date
serves for created and updated products).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils import timezone

from suppliers.models import HINT_SCHEDULE_NAME, SYNC_TASK, ConnectorState, WebhookDelivery
from suppliers.sync import conf

from .base import parse_time

DELETIONS = {"product.deleted", "products/delete"}
KEEP_DELIVERIES = timedelta(days=7)


class WebhookRefused(Exception):
    def __init__(self, status: int, reason: str):
        self.status = status
        super().__init__(reason)


def signature(secret: str, body: bytes) -> str:
    """base64(HMAC-SHA256(secret, raw body)): the signature WooCommerce and Shopify both send."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def signature_matches(secret: str, body: bytes, received: str) -> bool:
    return bool(received) and hmac.compare_digest(signature(secret, body).encode(), received.strip().encode())


@dataclass
class Delivery:
    delivery_id: str
    topic: str
    triggered_at: object = None  # an aware datetime when the store says when it happened
    ping: bool = False

    @property
    def deletion(self) -> bool:
        return self.topic in DELETIONS


_PING = re.compile(rb"^webhook_id=\d+$")


def verify(dialect: str, headers, body: bytes, secret: str, store_url: str = "") -> Delivery:
    """The delivery when the signature is right; WebhookRefused otherwise."""
    if dialect == "woocommerce":
        received = headers.get("X-WC-Webhook-Signature", "")
        if not received and _PING.match(body.strip()):
            return Delivery("", "ping", ping=True)  # WooCommerce's test call when a webhook is saved
        if not signature_matches(secret, body, received):
            raise WebhookRefused(401, "signature mismatch")
        delivery = Delivery(headers.get("X-WC-Webhook-Delivery-ID", ""),
                            headers.get("X-WC-Webhook-Topic", ""))
        if delivery.topic in ("product.created", "product.updated"):
            delivery.triggered_at = _woo_modified(body)
    elif dialect == "shopify":
        if not signature_matches(secret, body, headers.get("X-Shopify-Hmac-Sha256", "")):
            raise WebhookRefused(401, "signature mismatch")
        domain = headers.get("X-Shopify-Shop-Domain", "").lower()
        host = (urlsplit(store_url).hostname or "").lower()
        if domain and host.endswith(".myshopify.com") and domain != host:
            raise WebhookRefused(403, "the delivery is for another shop")
        delivery = Delivery(headers.get("X-Shopify-Webhook-Id", "") or headers.get("X-Shopify-Event-Id", ""),
                            headers.get("X-Shopify-Topic", ""),
                            parse_time(headers.get("X-Shopify-Triggered-At", "")))
    else:
        raise WebhookRefused(404, "this supplier takes no webhooks")
    if not delivery.delivery_id:  # no id: the body itself tells an exact repeat
        delivery.delivery_id = "sha256:" + hashlib.sha256(body).hexdigest()
    return delivery


def _woo_modified(body: bytes):
    match = re.search(rb'"date_modified_gmt"\s*:\s*"([^"]+)"', body[:200_000])
    return parse_time(match.group(1).decode("ascii", "replace")) if match else None


def accept(supplier, delivery: Delivery) -> str:
    """Record the delivery and schedule the run; returns what was done ("scheduled", "full",
    "duplicate", "stale", "ping")."""
    if delivery.ping:
        return "ping"
    now = timezone.now()
    window = timedelta(seconds=conf.get("SUPPLIER_WEBHOOK_REPLAY_SECONDS"))
    if delivery.triggered_at is not None and delivery.triggered_at < now - window:
        return "stale"
    forgotten = now - max(window, KEEP_DELIVERIES)
    WebhookDelivery.objects.filter(supplier=supplier, received_at__lt=forgotten).delete()
    try:
        with transaction.atomic():
            WebhookDelivery.objects.create(supplier=supplier, delivery_id=delivery.delivery_id[:255],
                                           topic=delivery.topic[:100], received_at=now)
    except IntegrityError:
        return "duplicate"
    schedule_run(supplier, full=delivery.deletion)
    return "full" if delivery.deletion else "scheduled"


def schedule_run(supplier, *, full: bool = False) -> None:
    """One django-q run of the supplier soon; a run already waiting absorbs this hint."""
    from django_q.models import Schedule

    now = timezone.now()
    with transaction.atomic():
        ConnectorState.objects.get_or_create(supplier=supplier)
        state = ConnectorState.objects.select_for_update().get(supplier=supplier)  # serialises hints
        if full and state.full_requested_at is None:
            state.full_requested_at = now
            state.save(update_fields=["full_requested_at", "updated_at"])
        name = HINT_SCHEDULE_NAME.format(pk=supplier.pk)
        if not Schedule.objects.filter(name=name).exists():
            Schedule.objects.create(
                name=name, func=SYNC_TASK, args=repr(supplier.pk), schedule_type=Schedule.ONCE, repeats=-1,
                next_run=now + timedelta(seconds=conf.get("SUPPLIER_WEBHOOK_DEBOUNCE_SECONDS")))
