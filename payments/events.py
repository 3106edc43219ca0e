"""Applying a verified provider callback to its payment, and through it to the order.

Callbacks are retried and may arrive out of order, so:
- the same body twice is a replay: recorded once, applied once (PaymentCallback.digest is unique);
- a status never goes back (success then processing stays paid), see RANK;
- an event older than the latest applied one (by the provider's own clock, where it sends one) loses.
"""

import hashlib
import logging

from django.db import IntegrityError, transaction

from payments.models import Payment, PaymentCallback
from payments.providers import CallbackRejected
from shop.orders.models import Order
from shop.orders.services.states import record_verified_provider_payment, record_verified_provider_refund

log = logging.getLogger(__name__)
Status = Payment.Status
RANK = {Status.CREATED: 0, Status.PENDING: 1, Status.FAILED: 2, Status.EXPIRED: 2, Status.PAID: 3,
        Status.REFUNDED: 4}


def record_callback(provider, event, body: bytes) -> PaymentCallback:
    """Record a verified callback and apply it; CallbackRejected when it fits no payment of ours."""
    digest = hashlib.sha256(provider.code.encode() + b"\n" + body).hexdigest()
    try:
        with transaction.atomic():
            return _record(provider, event, body, digest)
    except IntegrityError:
        # The same body recorded by a parallel request a moment ago.
        existing = PaymentCallback.objects.filter(digest=digest).first()
        if existing is None:
            raise
        return existing


def _record(provider, event, body, digest):
    payment = Payment.objects.select_for_update(of=("self",)).filter(
        provider=provider.code, reference=event.reference).select_related("order").first()
    if payment is None:
        raise CallbackRejected(f"no {provider.code} payment {event.reference!r}")
    if event.amount != payment.amount or event.currency not in ("", payment.currency):
        raise CallbackRejected(f"{event.amount} {event.currency} is not {payment.amount} {payment.currency}")
    replay = PaymentCallback.objects.filter(digest=digest).first()
    if replay is not None:
        return replay
    applied = apply_event(payment, event)
    return PaymentCallback.objects.create(payment=payment, digest=digest, applied=applied,
                                          body=body.decode("utf-8", "replace"),
                                          provider_status=event.provider_status[:40])


def record_provider_status(provider, payment, event) -> bool:
    """Apply what the provider answered when we asked it about `payment` (see expiry): the same
    rules as a callback, without a callback to keep. True when it changed the payment."""
    with transaction.atomic():
        payment = Payment.objects.select_for_update(of=("self",)).select_related("order").get(pk=payment.pk)
        if event.reference != payment.reference or event.amount != payment.amount \
                or event.currency not in ("", payment.currency):
            log.error("payment %s: %s answered about %s, %s %s; ignored", payment.reference, provider.code,
                      event.reference, event.amount, event.currency)
            return False
        return apply_event(payment, event)


def apply_event(payment, event) -> bool:
    """Move the (locked) payment to the event's status if it is newer and not a step back."""
    if event.status is None:
        log.warning("payment %s: %s callback %r changes nothing", payment.reference, payment.provider,
                    event.provider_status)
        return False
    if event.occurred_at and payment.provider_time and event.occurred_at < payment.provider_time:
        return False
    if RANK[event.status] < RANK[payment.status] or event.status == payment.status:
        return False
    payment.status = event.status
    payment.provider_reference = event.provider_reference or payment.provider_reference
    payment.provider_time = event.occurred_at or payment.provider_time
    payment.save(update_fields=["status", "provider_reference", "provider_time", "updated_at"])
    if payment.status == Status.PAID:
        order = payment.order
        if order.state == Order.State.CANCELLED:
            log.error("order %s was paid (%s) after it was cancelled: refund it", order.number, payment)
        record_verified_provider_payment(order, provider=payment.provider,
                                         reference=payment.provider_reference or payment.reference)
    elif payment.status == Status.REFUNDED:
        if payment.order.payments.filter(status=Status.PAID).exclude(pk=payment.pk).exists():
            # A second, duplicate payment went back; the order is still paid by the other one.
            log.info("payment %s refunded; order %s stays paid", payment, payment.order.number)
            return True
        record_verified_provider_refund(payment.order, provider=payment.provider,
                                        reference=payment.provider_reference or payment.reference)
    return True
