"""Marketplace orders coming in: the channel's status vocabulary mapped onto ours, every order
stored once with its raw payload and its own log, the pushes of our transitions back to the
channel, and the import runs.

An imported order is *held* (no shop order, no stock reserved) until every line is matched to
one of our variants and the stock is there; then it is *placed* (a shop Order in state "new",
stock reserved through the web checkout's allocation) and waits for a manager's approval, which
is the shop order's confirmation. Nothing is ever dropped: a held order stays until a manager
places or dismisses it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shop.orders.models import Order

from .channel import Channel

State = Order.State
KEEP = "keep"
# What a channel status may do to our order: one of our states, or "keep" (record it, change
# nothing; Prom's "paid"), or empty: not mapped yet (the order is flagged until a manager maps it).
TARGETS = [(KEEP, _("Record only, keep our state")), *State.choices]
# Our transitions a channel hears about.
PUSHED_STATES = [
    (s.value, s.label) for s in (State.CONFIRMED, State.SHIPPED, State.DELIVERED, State.CANCELLED)
]


class StatusMapping(models.Model):
    """One of a channel's order statuses and what it means for us (editable by a manager)."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="status_mappings",
        verbose_name=_("channel"))
    code = models.CharField(_("channel status"), max_length=64, help_text=_("As the channel's API sends it."))
    label = models.CharField(_("name"), max_length=200, blank=True)
    target = models.CharField(
        _("our state"),
        max_length=20,
        choices=TARGETS,
        blank=True,
        help_text=_("Empty: not mapped yet; orders in this status are flagged."),
    )
    push_for = models.CharField(
        _("send when our order becomes"),
        max_length=20,
        choices=PUSHED_STATES,
        blank=True,
        help_text=_("This status is what the channel is told when our order reaches that state."),
    )
    cancel_reason = models.BooleanField(
        _("a reason to cancel with"),
        default=False,
        help_text=_("Rozetka: a cancellation status we may choose when we cancel an order."),
    )

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name_plural = _("status mappings")
        ordering = ["channel", "code"]
        verbose_name = _("status mapping")
        constraints = [
            models.UniqueConstraint(fields=["channel", "code"], name="unique_channel_status"),
            models.UniqueConstraint(
                fields=["channel", "push_for"],
                condition=~models.Q(push_for=""),
                name="unique_channel_push_status",
            ),
        ]

    def __str__(self):
        return f"{self.channel}: {self.code} {self.label}".strip()


class ImportedOrder(models.Model):
    class Status(models.TextChoices):
        HELD = "held", _("Held for a manager")
        PLACED = "placed", _("Placed, awaiting approval")
        APPROVED = "approved", _("Approved")
        DISMISSED = "dismissed", _("Dismissed (never placed)")

    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="imported_orders",
        verbose_name=_("channel"))
    external_id = models.CharField(_("channel's order id"), max_length=64)
    order = models.OneToOneField(
        Order, null=True, blank=True, on_delete=models.PROTECT, related_name="channel_import",
        verbose_name=_("order")
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.HELD, db_index=True,
        verbose_name=_("status"))
    # What needs a manager (unmatched lines, short stock, an unknown status, a failed push...):
    # a list of {"code", "text"}; empty when nothing does.
    attention = models.JSONField(default=list, blank=True, verbose_name=_("attention"))
    return_requested = models.BooleanField(default=False, verbose_name=_("return requested"))
    edited = models.BooleanField(default=False, help_text=_("A manager changed its lines or address."),
        verbose_name=_("edited"))

    channel_status = models.CharField(max_length=64, blank=True, verbose_name=_("channel status"))
    channel_status_label = models.CharField(max_length=200, blank=True,
        verbose_name=_("channel status label"))
    channel_changed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("channel changed at"))
    payload = models.JSONField(default=dict, help_text=_("The order as the channel's API last sent it."),
        verbose_name=_("payload"))
    payload_digest = models.CharField(max_length=64, verbose_name=_("payload digest"))
    lines_digest = models.CharField(max_length=64, blank=True, verbose_name=_("lines digest"))

    # The draft a manager edits before approving; copied into the shop order when placed.
    name = models.CharField(pgettext_lazy("orders", "customer"), max_length=150, blank=True)
    phone = models.CharField(max_length=20, blank=True, verbose_name=_("phone"))
    email = models.CharField(max_length=254, blank=True, verbose_name=_("email"))
    city = models.CharField(max_length=120, blank=True, verbose_name=_("city"))
    address = models.CharField(max_length=255, blank=True, verbose_name=_("address"))
    branch = models.CharField(max_length=120, blank=True, verbose_name=_("branch"))
    comment = models.TextField(blank=True, verbose_name=_("comment"))
    delivery_name = models.CharField(max_length=120, blank=True, verbose_name=_("delivery name"))
    payment_name = models.CharField(max_length=120, blank=True, verbose_name=_("payment name"))
    cash_on_delivery = models.BooleanField(default=False, verbose_name=_("cash on delivery"))
    tracking_number = models.CharField(max_length=60, blank=True, verbose_name=_("tracking number"))
    total = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, help_text=_("The total the channel reports."),
        verbose_name=_("total")
    )
    duplicate_of = models.CharField(max_length=64, blank=True, verbose_name=_("duplicate of"))

    created_at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name_plural = _("imported orders")
        ordering = ["-created_at", "-pk"]
        verbose_name = _("imported order")
        constraints = [
            models.UniqueConstraint(fields=["channel", "external_id"], name="unique_imported_order")
        ]

    def __str__(self):
        return f"{self.channel} #{self.external_id}"

    @property
    def needs_attention(self) -> bool:
        return self.status == self.Status.HELD or bool(self.attention)

    def flag(self, code: str, text: str):
        """Ask a manager to look (once per code: a second flag of the same code replaces the text)."""
        self.attention = [item for item in self.attention if item.get("code") != code]
        self.attention.append({"code": code, "text": str(text)})

    def unflag(self, code: str):
        self.attention = [item for item in self.attention if item.get("code") != code]

    def log(self, kind: str, message: str, *, user=None, channel_status: str = ""):
        return ImportedOrderEvent.objects.create(
            imported_order=self,
            kind=kind,
            message=str(message)[:4000],
            user=user,
            channel_status=channel_status,
        )


class ImportedOrderLine(models.Model):
    """A line as the channel sent it, matched to our variant by the channel's offer id (or by a
    manager); the editable draft of the shop order's lines."""

    imported_order = models.ForeignKey(ImportedOrder, on_delete=models.CASCADE, related_name="lines",
        verbose_name=_("imported order"))
    external_id = models.CharField(max_length=64, blank=True, verbose_name=_("external ID"))
    offer_id = models.CharField(_("offer id"), max_length=100, blank=True)
    name = models.CharField(max_length=255, blank=True, verbose_name=_("name"))
    sku = models.CharField(max_length=120, blank=True, verbose_name=_("SKU"))
    quantity = models.PositiveIntegerField(verbose_name=_("quantity"))
    unit_price = models.DecimalField(max_digits=12, decimal_places=2, verbose_name=_("unit price"))
    variant = models.ForeignKey(
        "shop.Variant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("variant")
    )

    class Meta:
        verbose_name = _("imported order line")
        verbose_name_plural = _("imported order lines")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.name or self.offer_id} x {self.quantity}"


class ImportedOrderEvent(models.Model):
    """The imported order's log: what the channel said, what we did, who edited what."""

    class Kind(models.TextChoices):
        IMPORTED = "imported", _("Imported")
        CHANNEL_STATUS = "channel_status", _("Channel status")
        IGNORED = "ignored", _("Not applied")
        STATE = "state", _("Our state changed")
        HELD = "held", _("Held")
        PLACED = "placed", _("Placed")
        EDITED = "edited", _("Edited")
        PUSH = "push", _("Sent to the channel")
        NOTE = "note", _("Note")

    imported_order = models.ForeignKey(ImportedOrder, on_delete=models.CASCADE, related_name="events",
        verbose_name=_("imported order"))
    kind = models.CharField(max_length=16, choices=Kind.choices, verbose_name=_("kind"))
    channel_status = models.CharField(max_length=64, blank=True, verbose_name=_("channel status"))
    message = models.TextField(blank=True, verbose_name=_("message"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("user")
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("imported order event")
        verbose_name_plural = _("imported order events")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.imported_order}: {self.get_kind_display()}"


class ChannelPush(models.Model):
    """One of our transitions to tell the channel, retried with backoff until it acknowledges."""

    class Action(models.TextChoices):
        CONFIRM = "confirm", _("Confirm")
        SHIP = "ship", _("Ship (tracking number)")
        DELIVER = "deliver", _("Delivered")
        CANCEL = "cancel", _("Cancel")

    class State(models.TextChoices):
        PENDING = "pending", pgettext_lazy("channel push", "Pending")
        NEEDS_REASON = "needs_reason", _("Needs a cancellation reason")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        FAILED = "failed", _("Gave up (send again by hand)")

    imported_order = models.ForeignKey(ImportedOrder, on_delete=models.CASCADE, related_name="pushes",
        verbose_name=_("imported order"))
    action = models.CharField(max_length=10, choices=Action.choices, verbose_name=_("action"))
    status_code = models.CharField(_("channel status"), max_length=64, blank=True)
    tracking_number = models.CharField(max_length=60, blank=True, verbose_name=_("tracking number"))
    reason = models.CharField(_("cancellation reason"), max_length=64, blank=True)
    reason_text = models.CharField(max_length=500, blank=True, verbose_name=_("reason text"))
    state = models.CharField(max_length=14, choices=State.choices, default=State.PENDING, db_index=True,
        verbose_name=_("state"))
    attempts = models.PositiveIntegerField(default=0, verbose_name=_("attempts"))
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True,
        verbose_name=_("next attempt at"))
    last_error = models.TextField(blank=True, verbose_name=_("last error"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    acknowledged_at = models.DateTimeField(null=True, blank=True, verbose_name=_("acknowledged at"))

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("push to a channel")
        verbose_name_plural = _("pushes to channels")

    def __str__(self):
        return f"{self.imported_order}: {self.get_action_display()}"


class ImportRun(models.Model):
    """One poll of a channel's orders: what it fetched and what became of it."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Trigger(models.TextChoices):
        MANUAL = "manual", _("By hand")
        SCHEDULE = "schedule", _("Schedule")

    MAX_ERRORS = 200

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="import_runs",
        verbose_name=_("channel"))
    trigger = models.CharField(max_length=10, choices=Trigger.choices, default=Trigger.SCHEDULE,
        verbose_name=_("trigger"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING,
        verbose_name=_("status"))
    started_at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name=_("started at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))
    modified_since = models.DateTimeField(
        null=True, blank=True, help_text=_("Orders changed since this moment were asked for."),
        verbose_name=_("modified since")
    )
    fetched = models.PositiveIntegerField(default=0, verbose_name=_("fetched"))
    imported = models.PositiveIntegerField(default=0, help_text=_("New orders."), verbose_name=_("imported"))
    updated = models.PositiveIntegerField(default=0, verbose_name=_("updated"))
    unchanged = models.PositiveIntegerField(default=0, verbose_name=_("unchanged"))
    held = models.PositiveIntegerField(default=0, help_text=_("New orders held for a manager."),
        verbose_name=_("held"))
    errors = models.JSONField(default=list, blank=True, verbose_name=_("errors"))
    message = models.TextField(blank=True, verbose_name=_("message"))

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name_plural = _("order import runs")
        ordering = ["-started_at", "-pk"]
        get_latest_by = "started_at"
        verbose_name = _("order import")

    def __str__(self):
        return f"{self.channel} {self.started_at:%Y-%m-%d %H:%M}"

    def add_error(self, text: str):
        if len(self.errors) < self.MAX_ERRORS:
            self.errors.append(str(text)[:1000])


class OrderImportLock(models.Model):
    """One order import per channel at a time (see channels.lock)."""

    wagtail_reference_index_ignore = True

    channel = models.OneToOneField(
        Channel, primary_key=True, on_delete=models.CASCADE, related_name="order_import_lock",
        verbose_name=_("channel")
    )
    token = models.CharField(max_length=32, blank=True, verbose_name=_("token"))
    acquired_at = models.DateTimeField(null=True, blank=True, verbose_name=_("acquired at"))
    rerun_requested = models.BooleanField(default=False, verbose_name=_("rerun requested"))

    class Meta:
        verbose_name = _("order import lock")
        verbose_name_plural = _("order import locks")

    def __str__(self):
        return f"order import lock of {self.channel_id}"
