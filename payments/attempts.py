"""Starting an attempt to pay an order online: a Payment row, then the provider's way to pay."""

import logging

from django.conf import settings
from django.urls import reverse

from payments.models import Payment, new_reference
from payments.providers import ProviderError, ReturnUrls, get_provider
from shop.orders.models import Order

log = logging.getLogger(__name__)


class PaymentNotPossible(Exception):
    """The order cannot be paid (any more): already paid, cancelled, or not an online order."""


def return_urls(payment) -> ReturnUrls:
    base = settings.PAYMENTS_BASE_URL.rstrip("/")
    return ReturnUrls(
        shopper=base + reverse("payments:back", kwargs={"token": payment.order.token}),
        callback=base + reverse("payment_callbacks:callback", kwargs={"provider": payment.provider}))


def can_pay(order) -> bool:
    return order.payment_status == Order.PaymentStatus.UNPAID and order.state == Order.State.NEW


def start_payment(order) -> Payment:
    """A new attempt at paying `order`. When the provider cannot start it, the attempt is kept as
    failed with the reason (the shopper sees "try again", the admin sees why)."""
    if not can_pay(order):
        raise PaymentNotPossible(f"order {order.number} is {order.state}/{order.payment_status}")
    code = order.payment_method.provider if order.payment_method_id else ""
    payment = Payment.objects.create(order=order, provider=code or "?", reference=new_reference(order.number),
                                     amount=order.total, currency=order.currency)
    try:
        provider = get_provider(code)
        if not provider.configured():
            raise ProviderError(f"{provider.label} has no credentials in the settings")
        redirect = provider.begin(payment, return_urls(payment))
    except ProviderError as error:
        log.error("payment %s could not start: %s", payment.reference, error)
        payment.status, payment.error = Payment.Status.FAILED, str(error)[:255]
        payment.save(update_fields=["status", "error", "updated_at"])
        return payment
    payment.redirect = redirect.as_json()
    payment.provider_reference = redirect.provider_reference
    payment.save(update_fields=["redirect", "provider_reference", "updated_at"])
    return payment
