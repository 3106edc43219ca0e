"""Shipments: one per warehouse an order's lines came from, each with its own tracking number.

"Partially shipped" is derived, not stored: the order stays `sent_to_supplier` while some of its
shipments have a tracking number and others do not (`shipping_progress` says how many), and
becomes `shipped` once every shipment has one. Shop's state machine is not widened for it."""

from django.db import transaction
from django.utils.translation import gettext as _

from fulfilment.models import Shipment
from shop.orders.models import Order, OrderTransition
from shop.orders.services.states import transition

State = Order.State


def ensure_shipments(order) -> list[Shipment]:
    """The order's shipments, one per warehouse its lines were allocated from (made if missing)."""
    sources = {}
    for line in order.lines.all():
        sources.setdefault(line.warehouse_id, line.warehouse_name)
    existing = {shipment.warehouse_id: shipment for shipment in order.shipments.all()}
    for warehouse_id, name in sources.items():
        if warehouse_id not in existing:
            existing[warehouse_id], _created = Shipment.objects.get_or_create(
                order=order, warehouse_id=warehouse_id, defaults={"warehouse_name": name})
    return sorted(existing.values(), key=lambda shipment: shipment.pk)


def shipping_progress(order) -> tuple[int, int]:
    """(shipments with a tracking number, all shipments) of the order."""
    shipments = ensure_shipments(order)
    return sum(1 for shipment in shipments if shipment.tracking_number), len(shipments)


def log(order, note, user=None):
    """A line in the order's history without a change of state (as payments are logged)."""
    OrderTransition.objects.create(order=order, from_state=order.state, to_state=order.state,
                                   user=user, note=note[:2000])


def record_tracking(shipment, number, *, carrier_ref="", user=None) -> Shipment:
    """Give a shipment its tracking number; the order ships once all its shipments have one."""
    number = (number or "").strip()[:60]
    if not number:
        raise ValueError(_("A shipment needs its tracking number."))
    with transaction.atomic():
        shipment = Shipment.objects.select_for_update().get(pk=shipment.pk)
        shipment.tracking_number = number
        shipment.carrier_ref = carrier_ref or shipment.carrier_ref
        if shipment.status == Shipment.Status.PENDING:
            shipment.status = Shipment.Status.CREATED
        shipment.save()
        order = Order.objects.get(pk=shipment.order_id)
        log(order, _("Shipment from %(source)s: tracking number %(number)s") % {
            "source": shipment.warehouse_name, "number": number}, user)
        ship_if_complete(order, user=user)
    return shipment


def ship_if_complete(order, *, user=None) -> bool:
    """Move the order to `shipped` when every shipment has a tracking number."""
    shipments = ensure_shipments(order)
    if not shipments or any(not shipment.tracking_number for shipment in shipments):
        return False
    if order.state == State.CONFIRMED:
        order = transition(order, State.SENT_TO_SUPPLIER, user=user,
                           note=_("All shipments have tracking numbers."))
    if order.state != State.SENT_TO_SUPPLIER:
        return False
    # The order keeps every number (60 characters hold four 14-digit waybills); each shipment
    # keeps its own.
    numbers = ",".join(shipment.tracking_number for shipment in shipments)
    transition(order, State.SHIPPED, user=user, tracking_number=numbers,
               note="; ".join(f"{s.warehouse_name}: {s.tracking_number}" for s in shipments))
    return True


def deliver_if_complete(order) -> bool:
    """Move a shipped order to `delivered` when the carrier has delivered every shipment."""
    shipments = list(order.shipments.all())
    if order.state != State.SHIPPED or not shipments:
        return False
    if any(shipment.status != Shipment.Status.DELIVERED for shipment in shipments):
        return False
    transition(order, State.DELIVERED, note=_("The carrier delivered every shipment."))
    return True
