"""A dispatch: the confirmed lines one supplier is asked to ship, mailed once per window."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Dispatch(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Sending")
        SENT = "sent", pgettext_lazy("dispatch", "Sent")
        FAILED = "failed", _("Failed (will be retried)")

    supplier = models.ForeignKey("suppliers.Supplier", null=True, on_delete=models.SET_NULL,
                                 related_name="dispatches", verbose_name=_("supplier"))
    supplier_name = models.CharField(_("supplier's name"), max_length=120)
    # The schedule slot (e.g. "2026-05-04 09:00") or an on-demand run's minute ("... manual").
    window = models.CharField(_("window"), max_length=40)
    status = models.CharField(pgettext_lazy("dispatch", "status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING, db_index=True)
    recipient = models.EmailField(_("sent to"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    claimed_at = models.DateTimeField(_("sending started at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        constraints = [
            models.UniqueConstraint(fields=["supplier", "window"], name="unique_dispatch_per_window"),
        ]

    def __str__(self):
        return f"{self.supplier_name} — {self.window}"

    @property
    def line_count(self):
        return self.lines.count()


class DispatchLine(models.Model):
    """One order line in one dispatch; an order line can only ever be in one (the rerun guard)."""

    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="lines",
                                 verbose_name=_("dispatch"))
    order_line = models.OneToOneField("orders.OrderLine", on_delete=models.CASCADE,
                                      related_name="dispatch_line", verbose_name=_("order line"))

    class Meta:
        ordering = ["order_line__order_id", "order_line_id"]
        verbose_name = _("dispatch line")
        verbose_name_plural = _("dispatch lines")

    def __str__(self):
        return f"{self.dispatch}: {self.order_line}"
