"""Delivery addresses a shopper saves under /account/addresses/."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Address(models.Model):
    class Delivery(models.TextChoices):
        BRANCH = "branch", _("Nova Poshta branch")
        COURIER = "courier", _("Courier to the door")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="addresses",
        verbose_name=_("user"))
    name = models.CharField(_("recipient's full name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=13, help_text=_("Stored as +380XXXXXXXXX."))
    city = models.CharField(_("city"), max_length=120)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices,
                                default=Delivery.BRANCH)
    branch = models.CharField(_("Nova Poshta branch"), max_length=120, blank=True)
    street_address = models.CharField(_("street, house, flat"), max_length=255, blank=True)
    is_default = models.BooleanField(_("default address"), default=False)
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        ordering = ["-is_default", "-created_at"]
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=models.Q(is_default=True),
                                    name="customers_one_default_address"),
        ]

    def __str__(self):
        return f"{self.name}, {self.city}, {self.destination}"

    @property
    def destination(self):
        if self.delivery == self.Delivery.BRANCH:
            return _("Nova Poshta branch %(branch)s") % {"branch": self.branch}
        return self.street_address
