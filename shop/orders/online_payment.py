"""The extension point for paying online. shop.orders never imports the app that takes payments:
`ORDER_ONLINE_PAYMENTS` names (dotted path) an object that app provides, with

    providers() -> dict[str, str]      provider code -> label, for the payment method's editor
    start(order) -> str                after a "card online" order is placed: where to send the shopper
    payment_url(order) -> str | None   the page where an unpaid order can be paid (again)

Unset, "card online" cannot be chosen for a payment method and orders go straight to confirmation.
"""

from django.conf import settings
from django.utils.module_loading import import_string


def gateway():
    path = getattr(settings, "ORDER_ONLINE_PAYMENTS", "")
    return import_string(path) if path else None


def provider_choices() -> dict:
    found = gateway()
    return found.providers() if found else {}


def next_url(order) -> str | None:
    """Where the shopper goes after placing `order`: the provider's way for online payment, else None."""
    from shop.orders.models import PaymentMethod

    found = gateway()
    if found is None or order.payment_kind != PaymentMethod.Kind.CARD_ONLINE:
        return None
    return found.start(order)


def payment_url(order) -> str | None:
    from shop.orders.models import Order, PaymentMethod

    found = gateway()
    if (found is None or order.payment_kind != PaymentMethod.Kind.CARD_ONLINE
            or order.payment_status != Order.PaymentStatus.UNPAID):
        return None
    return found.payment_url(order)
