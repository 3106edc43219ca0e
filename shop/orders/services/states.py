"""The order state machine: only the allowed transitions, each one logged.

    new -> confirmed -> sent_to_supplier -> shipped -> delivered
    new / confirmed / sent_to_supplier -> cancelled      (stock goes back)
    shipped / delivered -> returned                      (stock goes back)

Payment status is separate and is never set from a form or an endpoint: only a
verified payment-provider callback or status answer (the payments app) calls
`record_verified_provider_payment` and `record_verified_provider_refund`.
"""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from shop.events import order_state_changed, payment_received
from shop.models import StockRecord, refresh_product_stock
from shop.orders.models import Order, OrderTransition

State = Order.State

ALLOWED = {
    State.NEW: (State.CONFIRMED, State.CANCELLED),
    State.CONFIRMED: (State.SENT_TO_SUPPLIER, State.CANCELLED),
    State.SENT_TO_SUPPLIER: (State.SHIPPED, State.CANCELLED),
    State.SHIPPED: (State.DELIVERED, State.RETURNED),
    State.DELIVERED: (State.RETURNED,),
}
RESTOCKING = {State.CANCELLED, State.RETURNED}


class TransitionError(Exception):
    pass


def allowed_transitions(order):
    return ALLOWED.get(order.state, ())


def transition(order, to_state, *, user=None, note="", tracking_number="", stock_returned=False) -> Order:
    """Move the order to `to_state` if allowed; cancelling or returning puts stock back, unless
    the caller already put every line back (`stock_returned`: fulfilment restocks per shipment)."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if to_state not in allowed_transitions(order):
            raise TransitionError(_("An order that is “%(state)s” cannot become “%(to)s”.") % {
                "state": order.get_state_display(), "to": State(to_state).label if to_state in State.values
                else to_state})
        tracking_number = (tracking_number or "").strip()
        if to_state == State.SHIPPED:
            if not tracking_number:
                raise TransitionError(_("A shipped order needs its tracking number."))
            order.tracking_number = tracking_number[:60]
        if to_state in RESTOCKING and not stock_returned:
            restock(order)
        from_state, order.state = order.state, to_state
        order.save(update_fields=["state", "tracking_number", "updated_at"])
        OrderTransition.objects.create(order=order, from_state=from_state, to_state=to_state,
                                       user=user, note=(note or "").strip()[:2000])
        order_state_changed.send(sender=Order, order=order, from_state=from_state, to_state=to_state,
                                 user=user, note=note or "")
    return order


def restock(order, lines=None):
    """Put each line's quantity (of all the order's lines, or of `lines`) back into the warehouse
    it was taken from."""
    lines = order.lines.order_by("pk") if lines is None else lines
    lines = [line for line in lines if line.variant_id and line.warehouse_id]
    for line in lines:
        updated = StockRecord.objects.filter(variant_id=line.variant_id, warehouse_id=line.warehouse_id) \
            .update(quantity=F("quantity") + line.quantity)
        if not updated:
            StockRecord.objects.create(variant_id=line.variant_id, warehouse_id=line.warehouse_id,
                                       quantity=line.quantity)
    refresh_product_stock(sorted({line.product_id for line in lines if line.product_id}))


def record_verified_provider_payment(order, *, provider: str, reference: str) -> Order:
    """Mark an order paid. Only for a payment provider's callback whose signature was verified;
    no view, form or API endpoint may call this on a shopper's or manager's word."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.payment_status != Order.PaymentStatus.PAID:
            order.payment_status = Order.PaymentStatus.PAID
            order.save(update_fields=["payment_status", "updated_at"])
            OrderTransition.objects.create(order=order, from_state=order.state, to_state=order.state,
                                           note=f"Paid via {provider} ({reference})")
            paid = order
            transaction.on_commit(lambda: payment_received.send(sender=Order, request=None, order=paid))
    return order


def record_verified_provider_refund(order, *, provider: str, reference: str) -> Order:
    """Mark an order's payment refunded, once: a replayed or repeated refund changes nothing.
    Only on a payment provider's verified word (callback or status answer), like a payment.
    Stock follows the order's state (cancelled, returned), not its money."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.payment_status != Order.PaymentStatus.REFUNDED:
            order.payment_status = Order.PaymentStatus.REFUNDED
            order.save(update_fields=["payment_status", "updated_at"])
            OrderTransition.objects.create(order=order, from_state=order.state, to_state=order.state,
                                           note=f"Refunded via {provider} ({reference})")
    return order
