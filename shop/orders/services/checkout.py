"""The checkout kept server-side: started from a cart, saved field by field, expiring when left."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.orders.models import AbandonedCart, Checkout, DeliveryMethod

CONTACT_FIELDS = ("name", "phone", "email", "city", "address", "branch", "delivery_method_id",
                  "payment_method_id", "comment")


def current_checkout(cart, user=None):
    """The cart's open checkout, started now if there is none. An expired one is abandoned; a new
    one starts with the last checkout's contact details so the shopper types nothing twice."""
    latest = cart.checkouts.order_by("-pk").first()
    if latest is not None and latest.status == Checkout.Status.OPEN:
        if not latest.expired:
            return latest
        abandon(latest)
    fresh = Checkout(cart=cart, user=user)
    if latest is not None:
        for name in CONTACT_FIELDS:
            setattr(fresh, name, getattr(latest, name))
    elif user is not None:
        fresh.email = user.email
        fresh.name = user.get_full_name()
    fresh.save()
    return fresh


def save_details(checkout, data: dict, user=None):
    """Store what the shopper typed (already validated) and keep the checkout alive."""
    for name, value in data.items():
        setattr(checkout, name, value)
    checkout.user = user or checkout.user
    checkout.touch()
    checkout.save()


def checkout_problems(checkout):
    """What is missing before this checkout can become an order (the form says the same per field)."""
    if not checkout.name:
        yield _("Please give your name.")
    if not checkout.phone:
        yield _("Please give your phone number.")
    if not checkout.email:
        yield _("Please give your e-mail.")
    delivery = checkout.delivery_method
    if delivery is None or not delivery.active:
        yield _("Please choose a delivery method.")
    elif delivery.needs == DeliveryMethod.Needs.BRANCH and not (checkout.city and checkout.branch):
        yield _("Please give the city and the branch.")
    elif delivery.needs == DeliveryMethod.Needs.ADDRESS and not (checkout.city and checkout.address):
        yield _("Please give the city and the address.")
    if checkout.payment_method is None or not checkout.payment_method.active:
        yield _("Please choose a payment method.")


def abandon(checkout):
    """Keep who it was and what they wanted as an AbandonedCart; the checkout is closed."""
    from .cart import refresh_cart

    with transaction.atomic():
        checkout = Checkout.objects.select_for_update().get(pk=checkout.pk)
        if checkout.status != Checkout.Status.OPEN:
            return None
        summary = refresh_cart(checkout.cart, persist=False) if checkout.cart_id else None
        lines = [
            {"product": view.product.name, "sku": view.line.variant.sku, "size": view.line.variant.size,
             "quantity": view.quantity, "unit_price": str(view.unit_price)}
            for view in (summary.lines if summary else [])
        ]
        checkout.status = Checkout.Status.ABANDONED
        checkout.save(update_fields=["status", "updated_at"])
        if not lines:
            return None
        return AbandonedCart.objects.create(
            checkout=checkout, name=checkout.name, phone=checkout.phone, email=checkout.email,
            user=checkout.user, lines=lines, amount=summary.total, started_at=checkout.created_at,
        )


def expire_checkouts(now=None) -> int:
    """Abandon every open checkout past its expiry; returns how many carts were recorded."""
    now = now or timezone.now()
    recorded = 0
    for checkout in Checkout.objects.filter(status=Checkout.Status.OPEN, expires_at__lte=now).iterator():
        if abandon(checkout) is not None:
            recorded += 1
    return recorded
