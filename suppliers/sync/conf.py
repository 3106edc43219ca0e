"""Limits of the sync pipeline. Each can be overridden in Django settings by its name."""

from django.conf import settings

DEFAULTS = {
    # Feeds and photos on private, loopback or link-local addresses are refused
    # (a feed URL must not reach into our own network); tests turn this on.
    "SUPPLIER_FEEDS_ALLOW_PRIVATE": False,
    "SUPPLIER_FEED_MAX_BYTES": 300 * 1024 * 1024,
    "SUPPLIER_FEED_TIMEOUT": 30,  # seconds per connect / read
    "SUPPLIER_FEED_DEADLINE": 15 * 60,  # seconds for the whole download
    "SUPPLIER_IMAGE_MAX_BYTES": 15 * 1024 * 1024,
    "SUPPLIER_IMAGE_MAX_PIXELS": 40_000_000,
    "SUPPLIER_IMAGE_MAX_SIDE": 1920,
    "SUPPLIER_IMAGE_TIMEOUT": 20,
    "SUPPLIER_IMAGE_WORKERS": 8,
    "SUPPLIER_IMAGE_RETRY_HOURS": 24,  # a photo URL that failed is tried again after this
    "SUPPLIER_SYNC_BATCH": 500,  # models written per transaction
    "SUPPLIER_SYNC_LOCK_STALE": 300,  # seconds without a heartbeat before a lock is taken over
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])
