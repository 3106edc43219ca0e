"""Telling an unchanged feed model from a changed one without touching its rows.

A record digest (FeedItem.record_digest) covers two things:
- everything the sync derives from the feed model: the record as the adapter
  gave it, the cleaned name, the mapped category, the attribute options, the
  markup that prices it and whether photos were handled;
- the product as this sync left it: status, manual fields and updated_at.
When both are the same on the next run, writing the model would change
nothing, so the writer skips it. Anything else that moves a product on
(an editor saving it, unpublishing, a new category mapping or markup) changes
one of the inputs and the model goes through the full comparison again.
"""

from __future__ import annotations

import hashlib


def fingerprint(item, category_id, options, markup, images: bool) -> bytes:
    """What the sync derives from one feed model, as bytes to hash."""
    parts = (repr(item.record), item.name, category_id, sorted(options.items()), str(markup), images)
    return repr(parts).encode("utf-8", "surrogatepass")


def record_digest(fingerprint_bytes: bytes, status: str, updated_at, manual_fields) -> str:
    stamp = int(updated_at.timestamp() * 1_000_000) if updated_at else 0
    state = f"|{status}|{stamp}|{sorted(manual_fields or [])}".encode()
    return hashlib.sha1(fingerprint_bytes + state).hexdigest()
