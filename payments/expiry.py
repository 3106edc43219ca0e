"""Online orders not paid in time are cancelled, which returns their stock (django-q2 schedule
"payments: expire unpaid orders", every 10 minutes; PAYMENTS_UNPAID_EXPIRY_MINUTES)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from payments.models import Payment
from shop.orders.models import Order, PaymentMethod
from shop.orders.services.states import transition

log = logging.getLogger(__name__)


def expire_unpaid_orders(now=None) -> int:
    """Cancel every new, unpaid "card online" order older than the expiry; returns how many.
    An order whose payment the provider reported as under way within that time is left alone."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.PAYMENTS_UNPAID_EXPIRY_MINUTES)
    due = Order.objects.filter(payment_kind=PaymentMethod.Kind.CARD_ONLINE, state=Order.State.NEW,
                               payment_status=Order.PaymentStatus.UNPAID, created_at__lte=cutoff)
    expired = 0
    for order_id in due.values_list("pk", flat=True):
        if _expire(order_id, cutoff):
            expired += 1
    return expired


def _expire(order_id, cutoff) -> bool:
    with transaction.atomic():
        # Lock the payments first, as a callback does: a success in flight lands before or after, whole.
        payments = list(Payment.objects.select_for_update().filter(order_id=order_id).order_by("pk"))
        order = Order.objects.select_for_update().get(pk=order_id)
        if order.state != Order.State.NEW or order.payment_status != Order.PaymentStatus.UNPAID:
            return False
        if any(p.status == Payment.Status.PENDING and p.updated_at > cutoff for p in payments):
            return False
        minutes = settings.PAYMENTS_UNPAID_EXPIRY_MINUTES
        transition(order, Order.State.CANCELLED, note=f"Not paid online within {minutes} minutes")
        Payment.objects.filter(pk__in=[p.pk for p in payments if p.is_open]).update(
            status=Payment.Status.EXPIRED, updated_at=timezone.now())
    log.info("order %s expired unpaid", order.number)
    return True
