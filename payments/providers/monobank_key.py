"""Monobank's webhook public key: fetched once, cached, and fetched again only when a signature
fails to verify with the cached key (the bank rotated it). A forged webhook can make us ask the bank
at most once per REFETCH_AFTER seconds."""

import base64
import logging
import time

import requests
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from django.conf import settings
from django.core.cache import cache

CACHE_KEY = "payments:monobank:pubkey"
REFETCH_AFTER = 60
log = logging.getLogger(__name__)


def fetch() -> dict:
    response = requests.get(f"{settings.MONOBANK_API_URL}/api/merchant/pubkey",
                            headers={"X-Token": settings.MONOBANK_TOKEN}, timeout=15)
    response.raise_for_status()
    entry = {"pem": base64.b64decode(response.json()["key"]).decode(), "fetched": time.time()}
    cache.set(CACHE_KEY, entry, timeout=None)
    return entry


def _valid(pem: str, body: bytes, signature: bytes) -> bool:
    try:
        load_pem_public_key(pem.encode()).verify(signature, body, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def verify(body: bytes, signature: bytes) -> bool:
    entry = cache.get(CACHE_KEY)
    try:
        if entry is None:
            entry = fetch()
        if _valid(entry["pem"], body, signature):
            return True
        if time.time() - entry["fetched"] < REFETCH_AFTER:
            return False
        return _valid(fetch()["pem"], body, signature)
    except (requests.RequestException, ValueError, KeyError) as error:
        log.error("monobank public key could not be fetched: %s", error)
        return False
