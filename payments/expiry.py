"""Online orders not paid in time are cancelled, which returns their stock (django-q2 schedule
"payments: expire unpaid orders", every 10 minutes; PAYMENTS_UNPAID_EXPIRY_MINUTES).

Before giving up on an order, the provider of each open attempt is asked where it stands: a
callback may have been lost, and an order the shopper did pay must end paid, not cancelled."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from payments.events import record_provider_status
from payments.models import Payment
from payments.providers import PROVIDERS, ProviderError
from shop.orders.models import Order, PaymentMethod
from shop.orders.services.states import TransitionError, transition

log = logging.getLogger(__name__)
# What the provider may say that keeps the order: the money came, or is still on its way.
KEEPS_THE_ORDER = (Payment.Status.PAID, Payment.Status.PENDING, Payment.Status.REFUNDED)


def expire_unpaid_orders(now=None) -> int:
    """Cancel every new, unpaid "card online" order older than the expiry; returns how many.
    An order whose payment the provider reported as under way within that time is left alone,
    and so is one the provider now says is paid or still under way (or cannot be asked about)."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.PAYMENTS_UNPAID_EXPIRY_MINUTES)
    due = Order.objects.filter(payment_kind=PaymentMethod.Kind.CARD_ONLINE, state=Order.State.NEW,
                               payment_status=Order.PaymentStatus.UNPAID, created_at__lte=cutoff)
    expired = 0
    for order_id in due.values_list("pk", flat=True):
        if _recently_under_way(order_id, cutoff) or _provider_keeps(order_id):
            continue
        if _expire(order_id, cutoff):
            expired += 1
    return expired


def _recently_under_way(order_id, cutoff) -> bool:
    return Payment.objects.filter(order_id=order_id, status=Payment.Status.PENDING,
                                  updated_at__gt=cutoff).exists()


def _provider_keeps(order_id) -> bool:
    """Ask about each open attempt (outside any transaction: these are remote calls) and record
    the answers; True when the order must not expire now."""
    for payment in Payment.objects.filter(order_id=order_id, status__in=(
            Payment.Status.CREATED, Payment.Status.PENDING)).order_by("pk"):
        provider = PROVIDERS.get(payment.provider)
        if provider is None or not provider.configured():
            continue  # it could never have been paid: without keys no callback is accepted either
        try:
            event = provider.fetch_status(payment)
        except ProviderError as error:
            # Not knowing is not "unpaid": try again on the next run.
            log.warning("order %s not expired: %s", payment.order_id, error)
            return True
        if event is None:
            continue
        record_provider_status(provider, payment, event)
        if event.status in KEEPS_THE_ORDER:
            log.info("payment %s is %s at %s: order not expired", payment, event.provider_status,
                     provider.code)
            return True
    return False


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
        try:
            # transition() restocks; it re-reads the locked order, so a cancel that got in first
            # (a manager's) is refused here instead of returning the stock a second time.
            transition(order, Order.State.CANCELLED, note=_("Not paid online within %(minutes)s minutes") % {
                "minutes": minutes})
        except TransitionError:
            return False
        Payment.objects.filter(pk__in=[p.pk for p in payments if p.is_open]).update(
            status=Payment.Status.EXPIRED, updated_at=timezone.now())
    log.info("order %s expired unpaid", order.number)
    return True
