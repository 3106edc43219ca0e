"""The audit trail of a run: one Wagtail log entry per product it created, changed or unpublished.

Entries are written in bulk (one INSERT per batch) and share the run's uuid,
so the admin's history can show a run's changes together. The actions are
registered for the admin in suppliers/wagtail_hooks_logging.py.
"""

from __future__ import annotations

import uuid

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import ModelLogEntry

from shop.models import Product

from . import bulk

CREATE = "suppliers.sync_create"
UPDATE = "suppliers.sync_update"
UNPUBLISH = "suppliers.sync_unpublish"


class AuditLog:
    def __init__(self, run):
        self.run = run
        self.uuid = uuid.uuid4()
        self.content_type = ContentType.objects.get_for_model(Product, for_concrete_model=False)
        self.pending: list[dict] = []

    def add(self, product_id: int, label: str, action: str, fields=()) -> None:
        self.pending.append({
            "content_type_id": self.content_type.pk, "object_id": str(product_id),
            "label": label[:255] or str(product_id), "action": action, "timestamp": timezone.now(),
            "uuid": self.uuid, "content_changed": True,
            "data": {"run": self.run.pk, "supplier": self.run.supplier.slug, "fields": sorted(fields)},
        })

    def flush(self) -> None:
        if self.pending:
            bulk.insert(ModelLogEntry, self.pending)
            self.pending = []
