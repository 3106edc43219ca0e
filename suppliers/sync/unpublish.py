"""Models that left a complete feed: disabled (listed, not buyable), never deleted.

A feed that suddenly lacks a large share of the catalog is far more likely
broken than honest, so one run never disables more than the supplier's
safety share unless forced; the run says what it held back.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from shop.models import Product, StockRecord
from suppliers.models import FeedItem

from . import audit
from .writer import refresh_totals

CHUNK = 1000  # ids per IN (...) list: SQLite caps the number of SQL parameters


def _chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def unpublish_missing(supplier, run, present: set[str], *, force: bool, dry_run: bool,
                      log: audit.AuditLog) -> list[int]:
    """Disable the supplier's products whose sync id is not in `present`; returns their ids."""
    rows = list(Product.objects.filter(supplier=supplier, sync_id__isnull=False)
                .exclude(status=Product.Status.DISABLED)
                .values_list("pk", "sync_id", "status", "name", "manual_fields"))
    missing = [row for row in rows if row[1] not in present]
    if not missing:
        return []
    share = 100 * len(missing) / len(rows)
    limit = supplier.unpublish_limit_percent
    if share > limit and not force:
        run.unpublish_held = len(missing)
        run.warn("", f"{len(missing)} of {len(rows)} products ({share:.0f}%) left the feed, over the "
                     f"{limit}% safety share: none was disabled. Check the feed, then sync with --force.")
        return []
    # Hidden products stay hidden (disabled would list them); every missing one loses its stock.
    disable = [pk for pk, _sid, status, _name, manual in missing
               if status == Product.Status.ACTIVE and "status" not in (manual or [])]
    all_ids = [row[0] for row in missing]
    now = timezone.now()
    with transaction.atomic():
        for chunk in _chunks(disable):
            Product.objects.filter(pk__in=chunk).update(status=Product.Status.DISABLED, updated_at=now)
        for chunk in _chunks(all_ids):
            StockRecord.objects.filter(warehouse=supplier.warehouse, variant__product_id__in=chunk,
                                       quantity__gt=0).update(quantity=0)
            refresh_totals(chunk)
            # Their stock was zeroed behind the writer's back: if they return unchanged,
            # the next run must compare them in full, not skip them by digest.
            FeedItem.objects.filter(product_id__in=chunk).update(record_digest="")
        names = {row[0]: row[3] for row in missing}
        for pk in disable:
            log.add(pk, names[pk], audit.UNPUBLISH, ["status"])
        log.flush()
        if dry_run:
            transaction.set_rollback(True)
    run.unpublished = len(disable)
    return all_ids
