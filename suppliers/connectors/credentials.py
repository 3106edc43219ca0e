"""A store connector's secrets: encrypted at rest, or taken from the environment, never shown back.

The supplier keeps one Fernet token (`Supplier.credentials`) holding a JSON object of its
secrets. The key comes from the setting SUPPLIER_CREDENTIALS_KEYS (comma-separated Fernet
keys: the first encrypts, every one decrypts, so a key can be rotated); without it a key is
derived from SECRET_KEY, which then must not change. A variable SUPPLIER_<SLUG>_<NAME> in the
environment (e.g. SUPPLIER_ACME_CONSUMER_SECRET) wins over the stored value, so a deployment
can keep secrets out of the database entirely.
"""

from __future__ import annotations

import base64
import json
import os
import re

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

# What each connector dialect asks for. Labels are translated where the form shows them.
FIELDS = {
    "woocommerce": ("consumer_key", "consumer_secret", "webhook_secret"),
    "shopify": ("access_token", "webhook_secret"),
    "magento": ("access_token", "admin_username", "admin_password"),
}
ALL_FIELDS = tuple(dict.fromkeys(name for names in FIELDS.values() for name in names))


class CredentialsError(Exception):
    """The stored secrets cannot be read (the key changed or the token is damaged)."""


def _keys() -> list[bytes]:
    configured = getattr(settings, "SUPPLIER_CREDENTIALS_KEYS", "") or ""
    if isinstance(configured, str):
        configured = [k.strip() for k in configured.split(",") if k.strip()]
    if configured:
        return [k.encode() if isinstance(k, str) else k for k in configured]
    if not settings.SECRET_KEY:
        raise CredentialsError("neither SUPPLIER_CREDENTIALS_KEYS nor SECRET_KEY is set")
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"kramnytsia-supplier-credentials",
                   info=b"fernet").derive(settings.SECRET_KEY.encode())
    return [base64.urlsafe_b64encode(derived)]


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in _keys()])


def encrypt(values: dict[str, str]) -> str:
    """A Fernet token of the non-empty values; '' when there are none."""
    kept = {name: value for name, value in values.items() if value}
    if not kept:
        return ""
    return _fernet().encrypt(json.dumps(kept, sort_keys=True).encode()).decode()


def decrypt(token: str) -> dict[str, str]:
    if not token:
        return {}
    try:
        data = json.loads(_fernet().decrypt(token.encode()))
    except (InvalidToken, ValueError) as exc:
        # Never include the token: it is the secret, encrypted, but still not for logs.
        raise CredentialsError("the stored credentials cannot be decrypted (was the key changed?)") from exc
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def env_name(slug: str, field: str) -> str:
    return f"SUPPLIER_{re.sub(r'[^A-Z0-9]+', '_', slug.upper())}_{field.upper()}"


def resolve(supplier) -> dict[str, str]:
    """The secrets a run uses: the environment's, else the stored ones."""
    stored = decrypt(supplier.credentials)
    out = {}
    for field in FIELDS.get(supplier.dialect, ()):
        value = os.environ.get(env_name(supplier.slug, field)) or stored.get(field, "")
        if value:
            out[field] = value
    return out


def stored_fields(supplier) -> set[str]:
    """Which secrets are stored (to say "set" in the form without showing them)."""
    try:
        return set(decrypt(supplier.credentials))
    except CredentialsError:
        return set()
