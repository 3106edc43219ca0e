"""The return flow: a refused shipment comes back, its goods go back into stock exactly once."""

from django.db import transaction
from django.utils.translation import gettext as _

from fulfilment.models import Shipment
from fulfilment.shipments import log
from shop.orders.models import Order
from shop.orders.services.states import restock, transition

State = Order.State


class ReturnError(Exception):
    pass


def mark_refused(shipment, *, note=""):
    """The carrier says the recipient refused (or never collected) it: it is on its way back."""
    if shipment.status in (Shipment.Status.RETURNING, Shipment.Status.RETURNED):
        return False
    shipment.status = Shipment.Status.RETURNING
    shipment.save(update_fields=["status", "updated_at"])
    log(shipment.order, _("Shipment %(number)s refused, coming back: %(note)s") % {
        "number": shipment.tracking_number, "note": note})
    return True


def receive_return(shipment, *, user=None) -> Shipment:
    """Its goods are back: restock that shipment's lines; when every shipment of the order is
    back, the order becomes `returned` (without restocking a second time)."""
    with transaction.atomic():
        shipment = Shipment.objects.select_for_update().get(pk=shipment.pk)
        if shipment.restocked:
            raise ReturnError(_("This shipment's goods are already back in stock."))
        if shipment.status != Shipment.Status.RETURNING:
            raise ReturnError(_("Only a refused shipment can be received back."))
        order = Order.objects.select_for_update().get(pk=shipment.order_id)
        restock(order, lines=list(shipment.lines.order_by("pk")))
        shipment.status, shipment.restocked = Shipment.Status.RETURNED, True
        shipment.save(update_fields=["status", "restocked", "updated_at"])
        note = _("Shipment %(number)s from %(source)s is back in stock.") % {
            "number": shipment.tracking_number, "source": shipment.warehouse_name}
        everything_back = all(s.status == Shipment.Status.RETURNED for s in order.shipments.all())
        if everything_back and order.state in (State.SHIPPED, State.DELIVERED):
            transition(order, State.RETURNED, user=user, note=note, stock_returned=True)
        else:
            log(order, note, user)
    return shipment
