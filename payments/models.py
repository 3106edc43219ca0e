"""One Payment per attempt to pay an order online, and the verified callbacks that moved it."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MONEY = {"max_digits": 12, "decimal_places": 2}


def new_reference(order_number: str) -> str:
    """Our id for one attempt, sent to the provider: the order number plus a random tail, so a
    second attempt at the same order never collides with the first at the provider."""
    return f"{order_number}-{secrets.token_hex(4).upper()}"


class Payment(models.Model):
    class Status(models.TextChoices):
        CREATED = "created", _("Created")
        PENDING = "pending", _("Pending")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")
        REFUNDED = "refunded", _("Refunded")
        EXPIRED = "expired", _("Expired")

    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="payments",
                              verbose_name=_("order"))
    provider = models.CharField(_("provider"), max_length=20)
    reference = models.CharField(_("reference"), max_length=64, unique=True, editable=False)
    provider_reference = models.CharField(_("provider's reference"), max_length=120, blank=True)
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(pgettext_lazy("payment", "status"), max_length=10, choices=Status.choices,
                              default=Status.CREATED, db_index=True)
    # What the shopper's browser is sent to: {"url", "method", "fields": [[name, value], ...]}.
    redirect = models.JSONField(_("redirect to the provider"), default=dict, blank=True)
    # The provider's own time of the latest event applied (Monobank's modifiedDate): older ones lose.
    provider_time = models.DateTimeField(_("provider's time of the latest event"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")

    def __str__(self):
        return self.reference

    @property
    def is_open(self):
        return self.status in (self.Status.CREATED, self.Status.PENDING)


class PaymentCallback(models.Model):
    """A verified callback exactly as received. The digest of its body is unique: a replay of the
    same body is recognised and changes nothing."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="callbacks",
                                verbose_name=_("payment"))
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    body = models.TextField(_("body"))
    provider_status = models.CharField(_("provider's status"), max_length=40, blank=True)
    applied = models.BooleanField(_("applied"), default=False,
                                  help_text=_("Whether it changed the payment's status."))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        ordering = ["received_at", "pk"]
        verbose_name = _("payment callback")
        verbose_name_plural = _("payment callbacks")

    def __str__(self):
        return f"{self.payment}: {self.provider_status}"
