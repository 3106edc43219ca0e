"""'Tell me when it's back': an e-mail waiting for a product, or one size of it, to return."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BackInStockSubscription(models.Model):
    email = models.EmailField(_("e-mail"))
    product = models.ForeignKey("shop.Product", on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("product"))
    # Empty: any size will do.
    variant = models.ForeignKey("shop.Variant", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="+", verbose_name=_("size"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("user"))
    language = models.CharField(max_length=10, default="uk", verbose_name=_("language"))
    created_at = models.DateTimeField(_("subscribed"), auto_now_add=True)
    # Set when the stock came back and the e-mail was queued: the subscription is closed from then on.
    queued_at = models.DateTimeField(null=True, blank=True, editable=False, verbose_name=_("queued at"))
    notified_at = models.DateTimeField(_("notified"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("back-in-stock subscription")
        verbose_name_plural = _("back-in-stock subscriptions")
        constraints = [
            # One open subscription per address and product/size: a second sign-up collapses into it.
            models.UniqueConstraint(fields=["email", "product"],
                                    condition=Q(variant__isnull=True, queued_at__isnull=True),
                                    name="customers_one_open_product_subscription"),
            models.UniqueConstraint(fields=["email", "product", "variant"],
                                    condition=Q(variant__isnull=False, queued_at__isnull=True),
                                    name="customers_one_open_size_subscription"),
        ]
        indexes = [models.Index(fields=["product"], condition=Q(queued_at__isnull=True),
                                name="customers_open_subscriptions")]

    def __str__(self):
        return f"{self.email}: {self.variant or self.product}"

    @property
    def is_open(self):
        return self.queued_at is None
