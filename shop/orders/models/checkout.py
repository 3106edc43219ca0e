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

    cart = models.ForeignKey("orders.Cart", null=True, on_delete=models.SET_NULL, related_name="checkouts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    name = models.CharField(max_length=150, blank=True)
    phone = models.CharField(max_length=13, blank=True)
    email = models.EmailField(blank=True)
    delivery_method = models.ForeignKey("orders.DeliveryMethod", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    city = models.CharField(max_length=120, blank=True)
    address = models.CharField(max_length=255, blank=True)
    branch = models.CharField(max_length=120, blank=True)
    payment_method = models.ForeignKey("orders.PaymentMethod", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")
    comment = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(default=default_expiry, db_index=True)

    class Meta:
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

    checkout = models.OneToOneField(Checkout, null=True, on_delete=models.SET_NULL, related_name="abandoned")
    name = models.CharField(max_length=150, blank=True)
    phone = models.CharField(max_length=13, blank=True)
    email = models.EmailField(blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    lines = models.JSONField(default=list)
    amount = models.DecimalField(**MONEY)
    started_at = models.DateTimeField()
    abandoned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-abandoned_at"]
        verbose_name = _("abandoned cart")

    def __str__(self):
        return f"{self.name or self.email or self.phone or '—'} — {self.amount} ₴"

    @property
    def item_count(self):
        return sum(line.get("quantity", 0) for line in self.lines)
