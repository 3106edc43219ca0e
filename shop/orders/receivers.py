"""What the orders app does when other parts of the site announce something."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from shop.customers.signals import email_verified


@receiver(user_logged_in, dispatch_uid="orders.merge_cart_on_login")
def merge_cart_on_login(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    from shop.orders.services.cart import merge_into_user_cart

    merge_into_user_cart(request, user)


@receiver(email_verified, dispatch_uid="orders.attach_guest_orders")
def attach_guest_orders(sender, user, email, **kwargs):
    """Guest orders join an account only once the shopper has proved they own the address."""
    from shop.orders.models import Order

    if email:
        Order.objects.filter(user__isnull=True, email__iexact=email.strip()).update(user=user)
