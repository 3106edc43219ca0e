"""Limits of the sync pipeline. Each can be overridden in Django settings by its name."""

from django.conf import settings

DEFAULTS = {
    # Feeds and photos on private, loopback or link-local addresses are refused (a feed URL
    # must not reach into our own network), except on the hosts a supplier names in its
    # "allowed private hosts". This switch lifts the guard for every supplier at once: it
    # exists only for the test suite's loopback servers, and `check --deploy` refuses it
    # (suppliers/checks.py).
    "SUPPLIER_FEEDS_ALLOW_PRIVATE": False,
    "SUPPLIER_FEED_MAX_BYTES": 300 * 1024 * 1024,
    "SUPPLIER_FEED_TIMEOUT": 30,  # seconds per connect / read
    "SUPPLIER_FEED_DEADLINE": 15 * 60,  # seconds for the whole download
    "SUPPLIER_IMAGE_MAX_BYTES": 15 * 1024 * 1024,
    "SUPPLIER_IMAGE_MAX_PIXELS": 40_000_000,
    "SUPPLIER_IMAGE_MAX_SIDE": 1920,
    "SUPPLIER_IMAGE_TIMEOUT": 20,
    # Photo threads; None: one per CPU. Decoding is CPU-bound and each thread holds a picture
    # in memory, so more threads than cores only raise the peak (docs/benchmarks.md).
    "SUPPLIER_IMAGE_WORKERS": None,
    # Pixels all photo threads of a process may hold decoded at full size at once (a JPEG
    # counts at the reduced size it is decoded at): ~10 MB per megapixel while resizing.
    "SUPPLIER_IMAGE_DECODE_MEGAPIXELS": 12,
    # A photo URL that failed is tried again at the next run (a supplier often uploads photos
    # after the feed); failing again, it waits this many minutes, doubled after each further
    # failure, but never longer than SUPPLIER_IMAGE_RETRY_MAX_HOURS.
    "SUPPLIER_IMAGE_RETRY_MINUTES": 30,
    "SUPPLIER_IMAGE_RETRY_MAX_HOURS": 24,
    "SUPPLIER_SYNC_BATCH": 500,  # models written per transaction
    "SUPPLIER_SYNC_LOCK_STALE": 300,  # seconds without a heartbeat before a lock is taken over
    # A sync queued this long ago and never picked up (the cluster was down, the task lost)
    # no longer blocks queueing it again.
    "SUPPLIER_SYNC_QUEUED_STALE": 2 * 3600,
    # Store connectors (suppliers/connectors/): WooCommerce, Shopify, Magento as sources.
    "SUPPLIER_CONNECTOR_TIMEOUT": 30,  # seconds per request
    "SUPPLIER_CONNECTOR_RETRIES": 5,  # retries of a 429, 5xx or timeout before the run fails
    "SUPPLIER_CONNECTOR_BACKOFF": 1.0,  # seconds before the first retry; doubled each time, jittered
    "SUPPLIER_CONNECTOR_MAX_WAIT": 300,  # the longest single wait (Retry-After, throttling) accepted
    "SUPPLIER_CONNECTOR_MAX_RESPONSE_BYTES": 64 * 1024 * 1024,
    # An incremental run asks for changes since the last watermark minus this overlap, so a
    # row written while the last run read (or stamped by a clock a little behind) is not missed.
    "SUPPLIER_CONNECTOR_OVERLAP_MINUTES": 5,
    "SUPPLIER_CONNECTOR_BULK_POLL_SECONDS": 5,  # Shopify bulk operation status polling
    "SUPPLIER_CONNECTOR_BULK_TIMEOUT": 6 * 3600,  # give up waiting for a bulk operation after this
    # Webhooks are hints: a burst of them schedules one incremental run this many seconds later.
    "SUPPLIER_WEBHOOK_DEBOUNCE_SECONDS": 60,
    # A delivery stamped older than this (Shopify's X-Shopify-Triggered-At) is acknowledged
    # and ignored; delivery ids are remembered at least this long.
    "SUPPLIER_WEBHOOK_REPLAY_SECONDS": 3600,
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])
