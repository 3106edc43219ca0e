"""Dispatch per supplier: collect confirmed, undispatched lines into one dispatch per supplier and
window, then mail each dispatch once.

Idempotency: an order line can belong to one dispatch only (a unique key), and a supplier has one
dispatch per window; a rerun finds nothing new to collect and nothing unsent to send. A send is
claimed by a status update first, so two workers never mail the same dispatch; a failed send
stays `failed`, is retried by a schedule and shown in the admin."""

import logging
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fulfilment.documents.message import dispatch_message
from fulfilment.models import Dispatch, DispatchLine
from fulfilment.shipments import ensure_shipments
from fulfilment.windows import manual_window, scheduled_window
from shop.orders.models import Order, OrderLine
from shop.orders.services.states import transition

logger = logging.getLogger(__name__)
Status = Dispatch.Status


class DispatchError(Exception):
    pass


def pending_lines():
    """Lines of confirmed orders, taken from a supplier's warehouse, not yet in any dispatch."""
    return OrderLine.objects.filter(order__state=Order.State.CONFIRMED, warehouse__supplier__isnull=False,
                                    quantity__gt=0, dispatch_line__isnull=True)


def collect(window: str) -> list[Dispatch]:
    """Attach every pending line to its supplier's dispatch for `window`. A supplier whose
    dispatch for this window was already sent keeps its new lines for the next window."""
    with transaction.atomic():
        lines = list(pending_lines().select_for_update(of=("self",)).order_by("pk"))
        suppliers = {pk: (supplier_id, name) for pk, supplier_id, name in OrderLine.objects.filter(
            pk__in=[line.pk for line in lines]).values_list("pk", "warehouse__supplier_id",
                                                            "warehouse__supplier__name")}
        by_supplier, names = defaultdict(list), {}
        for line in lines:
            supplier_id, names[supplier_id] = suppliers[line.pk]
            by_supplier[supplier_id].append(line)
        touched = []
        for supplier_id, group in sorted(by_supplier.items()):
            # Locked until these lines are attached: a send claims the dispatch with an UPDATE,
            # which waits for this, so a mail never goes out without lines collected for it.
            dispatch, _created = Dispatch.objects.select_for_update().get_or_create(
                supplier_id=supplier_id, window=window, defaults={"supplier_name": names[supplier_id]})
            if dispatch.status in (Status.SENT, Status.SENDING):
                continue
            # A parallel run may have taken a line meanwhile: the unique key skips it.
            DispatchLine.objects.bulk_create(
                [DispatchLine(dispatch=dispatch, order_line=line) for line in group], ignore_conflicts=True)
            touched.append(dispatch)
    return touched


def due_dispatches():
    """Unsent dispatches worth trying: waiting, failed with attempts left, or stuck sending."""
    stale = timezone.now() - timedelta(minutes=settings.FULFILMENT_DISPATCH_STALE_MINUTES)
    return Dispatch.objects.filter(
        Q(status=Status.PENDING)
        | Q(status=Status.FAILED, attempts__lt=settings.FULFILMENT_DISPATCH_MAX_ATTEMPTS)
        | Q(status=Status.SENDING, claimed_at__lt=stale)).order_by("pk")


def _claim(dispatch, force=False) -> bool:
    claimable = due_dispatches() if not force else Dispatch.objects.filter(status__in=[Status.PENDING,
                                                                                      Status.FAILED])
    return bool(claimable.filter(pk=dispatch.pk).update(status=Status.SENDING, claimed_at=timezone.now()))


def send(dispatch, *, force=False) -> bool:
    """Mail one dispatch if nobody else is; True when it went out now. `force` (the admin's
    "send again") ignores the attempt limit."""
    if not _claim(dispatch, force=force):
        return False
    dispatch.refresh_from_db()
    try:
        recipient = _recipient(dispatch)
        if not dispatch.lines.exists():
            raise DispatchError(_("The dispatch has no lines."))
        dispatch_message(dispatch, recipient).send()
    except Exception as error:  # noqa: BLE001 - any failure is recorded and retried, never lost
        logger.exception("Dispatch %s to %s failed", dispatch.pk, dispatch.supplier_name)
        Dispatch.objects.filter(pk=dispatch.pk).update(
            status=Status.FAILED, attempts=dispatch.attempts + 1, last_error=str(error)[:2000] or repr(error))
        return False
    Dispatch.objects.filter(pk=dispatch.pk).update(
        status=Status.SENT, attempts=dispatch.attempts + 1, sent_at=timezone.now(), recipient=recipient,
        last_error="")
    _after_sent(dispatch)
    return True


def _recipient(dispatch) -> str:
    supplier = dispatch.supplier
    email = getattr(supplier, "contact_email", "") if supplier is not None else ""
    if not email:
        raise DispatchError(_("%(supplier)s has no contact e-mail.") % {"supplier": dispatch.supplier_name})
    return email


def _after_sent(dispatch):
    """Each order gets its shipments; an order whose supplier lines have all gone out is
    `sent_to_supplier`. A failure here never makes the e-mail go out again."""
    order_ids = dispatch.lines.values_list("order_line__order_id", flat=True).distinct()
    for order in Order.objects.filter(pk__in=list(order_ids)).order_by("pk"):
        try:
            ensure_shipments(order)
            with transaction.atomic():
                # Locked and read again: two suppliers' dispatches of one order may finish at once.
                order = Order.objects.select_for_update().get(pk=order.pk)
                unsent = order.lines.filter(warehouse__supplier__isnull=False).exclude(
                    dispatch_line__dispatch__status=Status.SENT)
                if order.state == Order.State.CONFIRMED and not unsent.exists():
                    transition(order, Order.State.SENT_TO_SUPPLIER,
                               note=_("Sent to the suppliers (%(window)s).") % {"window": dispatch.window})
        except Exception:  # noqa: BLE001
            logger.exception("After dispatch %s: order %s could not be updated", dispatch.pk, order.number)


def run(window: str | None = None, *, manual=False) -> dict:
    """Collect and send: what the schedules and the admin's "dispatch now" run."""
    window = window or (manual_window() if manual else scheduled_window())
    collected = collect(window)
    sent = sum(1 for dispatch in due_dispatches() if send(dispatch))
    return {"window": window, "collected": len(collected), "sent": sent}


def retry() -> int:
    return sum(1 for dispatch in due_dispatches() if send(dispatch))
