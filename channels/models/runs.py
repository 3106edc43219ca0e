"""What each feed build did, what it refused, what it carries over, and the lock builds take."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .channel import Channel


class FeedRun(models.Model):
    wagtail_reference_index_ignore = True  # bookkeeping: not in the admin's usage index

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected by the validator (previous file kept)")
        FAILED = "failed", _("Failed")

    class Trigger(models.TextChoices):
        MANUAL = "manual", _("By hand")
        SYNC = "sync", _("After a supplier sync")
        SCHEDULE = "schedule", _("Schedule")

    MAX_ERRORS = 200  # validator messages kept per run

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="runs",
        verbose_name=_("channel"))
    trigger = models.CharField(max_length=10, choices=Trigger.choices, default=Trigger.MANUAL,
        verbose_name=_("trigger"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING,
        verbose_name=_("status"))
    started_at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name=_("started at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))

    products = models.PositiveIntegerField(default=0, help_text=_("Products written."),
        verbose_name=_("products"))
    offers_written = models.PositiveIntegerField(default=0, help_text=_("Offers (sizes) written."),
        verbose_name=_("offers written"))
    offers_unavailable = models.PositiveIntegerField(default=0, verbose_name=_("offers unavailable"))
    refused = models.PositiveIntegerField(default=0, help_text=_("Products refused."),
        verbose_name=_("refused"))
    awaiting_approval = models.PositiveIntegerField(default=0, verbose_name=_("awaiting approval"))
    vanished_kept = models.PositiveIntegerField(default=0, help_text=_("Gone offers sent as not available."),
        verbose_name=_("vanished kept"))
    vanished_dropped = models.PositiveIntegerField(default=0, verbose_name=_("vanished dropped"))
    invalid_offers = models.PositiveIntegerField(default=0, verbose_name=_("invalid offers"))
    errors = models.JSONField(default=list, blank=True, verbose_name=_("errors"))
    message = models.TextField(blank=True, verbose_name=_("message"))
    file_bytes = models.PositiveBigIntegerField(default=0, verbose_name=_("file bytes"))

    class Meta:
        verbose_name = _("feed run")
        verbose_name_plural = _("feed runs")
        ordering = ["-started_at"]
        get_latest_by = "started_at"

    def __str__(self):
        return f"{self.channel} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def duration(self):
        return (self.finished_at or timezone.now()) - self.started_at


class RefusedOffer(models.Model):
    """A product a build left out, and why (so an editor can fix it)."""

    wagtail_reference_index_ignore = True  # bookkeeping: not in the admin's usage index

    class Reason(models.TextChoices):
        MISSING_BRAND = "missing_brand", _("Missing brand")
        NO_PHOTO = "no_photo", _("No photo")
        NO_SIZE = "no_size", _("No size")
        ZERO_PRICE = "zero_price", _("Price is 0")
        UNMAPPED_CATEGORY = "unmapped_category", _("Category not mapped to the channel")
        APPAREL_ATTRIBUTES = "apparel_attributes", _("Apparel attributes missing (Google)")

    run = models.ForeignKey(FeedRun, on_delete=models.CASCADE, related_name="refusals",
        verbose_name=_("run"))
    product = models.ForeignKey("shop.Product", null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("product"))
    product_name = models.CharField(max_length=255, verbose_name=_("product name"))
    reason = models.CharField(max_length=24, choices=Reason.choices, verbose_name=_("reason"))
    detail = models.CharField(max_length=255, blank=True, verbose_name=_("detail"))

    class Meta:
        verbose_name = _("refused offer")
        verbose_name_plural = _("refused offers")
        indexes = [models.Index(fields=["run", "reason"])]

    def __str__(self):
        return f"{self.product_name}: {self.get_reason_display()}"


class VanishedOffer(models.Model):
    """An offer that left the feed: sent as not available for the channel's grace builds."""

    wagtail_reference_index_ignore = True  # bookkeeping: not in the admin's usage index

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="vanished_offers",
        verbose_name=_("channel"))
    offer_id = models.CharField(max_length=100, verbose_name=_("offer ID"))
    element = models.TextField(help_text=_("The offer's XML as last published, marked unavailable."),
        verbose_name=_("element"))
    missing_builds = models.PositiveSmallIntegerField(default=0, verbose_name=_("missing builds"))

    class Meta:
        verbose_name = _("vanished offer")
        verbose_name_plural = _("vanished offers")
        constraints = [models.UniqueConstraint(fields=["channel", "offer_id"], name="unique_vanished_offer")]

    def __str__(self):
        return self.offer_id


class FeedLock(models.Model):
    """One build per channel at a time, claimed under SELECT ... FOR UPDATE (see channels.lock)."""

    wagtail_reference_index_ignore = True  # bookkeeping: not in the admin's usage index

    channel = models.OneToOneField(Channel, primary_key=True, on_delete=models.CASCADE, related_name="lock",
        verbose_name=_("channel"))
    token = models.CharField(max_length=32, blank=True, verbose_name=_("token"))
    acquired_at = models.DateTimeField(null=True, blank=True, verbose_name=_("acquired at"))
    rerun_requested = models.BooleanField(default=False, verbose_name=_("rerun requested"))

    class Meta:
        verbose_name = _("feed lock")
        verbose_name_plural = _("feed locks")

    def __str__(self):
        return f"lock of {self.channel_id}"
