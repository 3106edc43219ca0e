"""A shipment: what one warehouse (a supplier's or ours) sends for one order, with its tracking."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Shipment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Not shipped yet")
        CREATED = "created", _("Waybill created")
        IN_TRANSIT = "in_transit", _("In transit")
        AT_PICKUP_POINT = "at_pickup_point", _("At the branch")
        DELIVERED = "delivered", _("Delivered")
        RETURNING = "returning", _("Refused, coming back")
        RETURNED = "returned", _("Returned to us")
        LOST = "lost", _("Deleted or not found")
        UNKNOWN = "unknown", _("Unknown carrier status")

    class Carrier(models.TextChoices):
        NOVA_POSHTA = "nova_poshta", _("Nova Poshta")
        OTHER = "other", _("Other")

    order = models.ForeignKey("orders.Order", on_delete=models.CASCADE, related_name="shipments",
                              verbose_name=_("order"))
    warehouse = models.ForeignKey("shop.Warehouse", null=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("warehouse"))
    warehouse_name = models.CharField(_("shipped from"), max_length=120)
    carrier = models.CharField(_("carrier"), max_length=20, choices=Carrier.choices,
                               default=Carrier.NOVA_POSHTA)
    tracking_number = models.CharField(_("tracking number"), max_length=60, blank=True, db_index=True)
    carrier_ref = models.CharField(_("carrier's waybill id"), max_length=40, blank=True,
                                   help_text=_("The carrier's id of the waybill."))
    status = models.CharField(pgettext_lazy("shipment", "status"), max_length=20, choices=Status.choices,
                              default=Status.PENDING, db_index=True)
    status_code = models.CharField(_("carrier status code"), max_length=10, blank=True)
    status_text = models.CharField(_("carrier status"), max_length=255, blank=True)
    tracked_at = models.DateTimeField(_("tracked at"), null=True, blank=True)
    label = models.FileField(pgettext_lazy("shipping", "label"), upload_to="shipment-labels/", blank=True)
    restocked = models.BooleanField(_("restocked"), default=False,
                                    help_text=_("Its goods went back into stock."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    FINAL = (Status.DELIVERED, Status.RETURNED, Status.LOST)

    class Meta:
        ordering = ["order_id", "pk"]
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        constraints = [
            models.UniqueConstraint(fields=["order", "warehouse"], name="unique_shipment_per_warehouse"),
        ]

    def __str__(self):
        return f"{self.order} / {self.warehouse_name}: {self.tracking_number or '—'}"

    @property
    def lines(self):
        return self.order.lines.filter(warehouse_id=self.warehouse_id)
