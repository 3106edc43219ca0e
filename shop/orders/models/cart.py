"""The cart: one per shopper, found through an unguessable token kept in the session."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MONEY = {"max_digits": 12, "decimal_places": 2}


def new_token():
    return secrets.token_urlsafe(32)


class Cart(models.Model):
    # Never a sequential id in a cookie or a form: the session holds this token.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False,
        verbose_name=_("token"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="carts",
        verbose_name=_("user"),
    )
    coupon = models.ForeignKey(
        "orders.Coupon", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("coupon"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name_plural = _("carts")
        verbose_name = pgettext_lazy("orders", "cart")

    def __str__(self):
        return f"Cart {self.token[:8]}…"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines", verbose_name=_("cart"))
    variant = models.ForeignKey("shop.Variant", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("variant"))
    quantity = models.PositiveIntegerField(default=1, verbose_name=_("quantity"))
    # What the shopper last saw, so the next look can say what changed since.
    seen_price = models.DecimalField(**MONEY, verbose_name=_("seen price"))
    seen_available = models.PositiveIntegerField(default=0, verbose_name=_("seen available"))
    added_at = models.DateTimeField(auto_now_add=True, verbose_name=_("added at"))

    class Meta:
        verbose_name = _("cart line")
        verbose_name_plural = _("cart lines")
        ordering = ["added_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["cart", "variant"], name="unique_cart_variant")]

    def __str__(self):
        return f"{self.variant_id} x {self.quantity}"
