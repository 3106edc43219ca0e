"""Tracking: poll Nova Poshta for every shipment still on its way, 100 waybills per call."""

import logging

from django.db import transaction
from django.utils import timezone

from fulfilment.models import Shipment
from fulfilment.returns import mark_refused
from fulfilment.shipments import deliver_if_complete

from .client import NovaPoshtaClient, NovaPoshtaError
from .statuses import status_group

logger = logging.getLogger(__name__)
BATCH = 100  # getStatusDocuments takes at most 100 documents per call
DONE = (*Shipment.FINAL, Shipment.Status.RETURNING)


def tracked_shipments():
    return (Shipment.objects.filter(carrier=Shipment.Carrier.NOVA_POSHTA).exclude(tracking_number="")
            .exclude(status__in=DONE).select_related("order").order_by("pk"))


def poll_tracking(client=None) -> dict:
    """Update every tracked shipment; a batch the API refuses is logged and the rest go on."""
    client = client or NovaPoshtaClient()
    shipments = list(tracked_shipments())
    updated = failed = 0
    for start in range(0, len(shipments), BATCH):
        batch = shipments[start:start + BATCH]
        documents = [{"DocumentNumber": s.tracking_number, "Phone": s.order.phone.lstrip("+")} for s in batch]
        try:
            answer = client.call("TrackingDocument", "getStatusDocuments", {"Documents": documents})
        except NovaPoshtaError as error:
            logger.warning("Tracking batch of %s failed: %s", len(batch), error)
            failed += len(batch)
            continue
        rows = {str(row.get("Number")): row for row in answer.get("data") or []}
        for shipment in batch:
            row = rows.get(shipment.tracking_number)
            if row is not None and apply_status(shipment, row):
                updated += 1
    return {"tracked": len(shipments), "changed": updated, "failed": failed}


def apply_status(shipment, row) -> bool:
    """Store the carrier's status on the shipment; move the order on when it is delivered or
    start the return flow when it was refused. True if the status changed."""
    code = str(row.get("StatusCode") or "").strip()
    group = status_group(code)
    with transaction.atomic():
        shipment = Shipment.objects.select_for_update().select_related("order").get(pk=shipment.pk)
        changed = code != shipment.status_code
        shipment.status_code, shipment.status_text = code, str(row.get("Status") or "")[:255]
        shipment.tracked_at = timezone.now()
        if group == Shipment.Status.RETURNING:
            shipment.save(update_fields=["status_code", "status_text", "tracked_at", "updated_at"])
            mark_refused(shipment, note=shipment.status_text)
            return changed
        shipment.status = group
        shipment.save(update_fields=["status", "status_code", "status_text", "tracked_at", "updated_at"])
        if group == Shipment.Status.DELIVERED:
            deliver_if_complete(shipment.order)
    return changed
