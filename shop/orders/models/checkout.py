"""A checkout in progress (kept server-side with an expiry) and what is left of an abandoned one."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MONEY = {"max_digits": 12, "decimal_places": 2}


def default_expiry():
    return timezone.now() + timedelta(minutes=settings.ORDER_CHECKOUT_EXPIRY_MINUTES)


class Checkout(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("orders", "Open")
        PLACED = "placed", pgettext_lazy("orders", "Placed")
        ABANDONED = "abandoned", pgettext_lazy("orders", "Abandoned")

    cart = models.ForeignKey("orders.Cart", null=True, on_delete=models.SET_NULL, related_name="checkouts",
        verbose_name=_("cart"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("user"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True,
        verbose_name=_("status"))
    name = models.CharField(max_length=150, blank=True, verbose_name=pgettext_lazy("person", "name"))
    phone = models.CharField(max_length=13, blank=True, verbose_name=_("phone"))
    email = models.EmailField(blank=True, verbose_name=_("email"))
    delivery_method = models.ForeignKey("orders.DeliveryMethod", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+",
                                        verbose_name=_("delivery method"))
    city = models.CharField(max_length=120, blank=True, verbose_name=_("city"))
    address = models.CharField(max_length=255, blank=True, verbose_name=_("address"))
    branch = models.CharField(max_length=120, blank=True, verbose_name=_("branch"))
    payment_method = models.ForeignKey("orders.PaymentMethod", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+",
                                       verbose_name=_("payment method"))
    comment = models.TextField(blank=True, max_length=1000, verbose_name=_("comment"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    expires_at = models.DateTimeField(default=default_expiry, db_index=True, verbose_name=_("expires at"))

    class Meta:
        verbose_name_plural = _("checkouts")
        verbose_name = pgettext_lazy("orders", "checkout")

    def __str__(self):
        return f"Checkout {self.pk} ({self.status})"

    def touch(self):
        """Each step the shopper takes keeps the checkout alive for another expiry period."""
        self.expires_at = default_expiry()

    @property
    def expired(self):
        return self.expires_at <= timezone.now()


class AbandonedCart(models.Model):
    """A checkout that was started and never finished: who it was and what they wanted."""

    checkout = models.OneToOneField(Checkout, null=True, on_delete=models.SET_NULL, related_name="abandoned",
        verbose_name=_("checkout"))
    name = models.CharField(max_length=150, blank=True, verbose_name=pgettext_lazy("person", "name"))
    phone = models.CharField(max_length=13, blank=True, verbose_name=_("phone"))
    email = models.EmailField(blank=True, verbose_name=_("email"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("user"))
    lines = models.JSONField(default=list, verbose_name=_("lines"))
    amount = models.DecimalField(**MONEY, verbose_name=_("amount"))
    started_at = models.DateTimeField(verbose_name=_("started at"))
    abandoned_at = models.DateTimeField(auto_now_add=True, verbose_name=_("abandoned at"))

    class Meta:
        verbose_name_plural = _("abandoned carts")
        ordering = ["-abandoned_at"]
        verbose_name = _("abandoned cart")

    def __str__(self):
        return f"{self.name or self.email or self.phone or '—'} — {self.amount} ₴"

    @property
    def item_count(self):
        return sum(line.get("quantity", 0) for line in self.lines)
