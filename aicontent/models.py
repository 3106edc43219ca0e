"""AI jobs: who asked for which text on which products, and what became of each product."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aicontent.conf import token_prices


class Kind(models.TextChoices):
    DESCRIPTION = "description", _("AI description")
    SEO = "seo", _("AI SEO")
    TRANSLATION = "translation", _("AI English translation")


class AIJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("aicontent", "Queued")
        RUNNING = "running", pgettext_lazy("aicontent", "Running")
        BATCH = "batch", _("Waiting for the batch")
        FINISHED = "finished", pgettext_lazy("aicontent", "Finished")
        CANCELLED = "cancelled", pgettext_lazy("aicontent", "Cancelled")
        FAILED = "failed", pgettext_lazy("aicontent", "Failed")

    OPEN = (Status.QUEUED, Status.RUNNING, Status.BATCH)

    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED,
        verbose_name=_("status"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("requested by")
    )
    scope = models.CharField(max_length=255, blank=True, help_text=_("Which products, in words."),
        verbose_name=_("scope"))
    publish_when_done = models.BooleanField(default=False, verbose_name=_("publish when done"))
    model_name = models.CharField(max_length=100, blank=True, verbose_name=_("model name"))

    use_batch = models.BooleanField(default=False, verbose_name=_("use batch"))
    batch_id = models.CharField(max_length=100, blank=True, verbose_name=_("batch ID"))
    batch_counts = models.JSONField(default=dict, blank=True, verbose_name=_("batch counts"))

    total = models.PositiveIntegerField(default=0, verbose_name=_("total"))
    done = models.PositiveIntegerField(default=0, verbose_name=_("done"))
    failed = models.PositiveIntegerField(default=0, verbose_name=_("failed"))
    input_tokens = models.PositiveBigIntegerField(default=0, verbose_name=_("input tokens"))
    output_tokens = models.PositiveBigIntegerField(default=0, verbose_name=_("output tokens"))
    estimated_cost = models.DecimalField(max_digits=14, decimal_places=6, default=Decimal("0"),
        verbose_name=_("estimated cost"))

    error = models.TextField(blank=True, verbose_name=_("error"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("created at"))
    started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("started at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("AI job")
        verbose_name_plural = _("AI jobs")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_open(self):
        return self.status in self.OPEN

    @property
    def processed(self):
        return self.done + self.failed

    @property
    def percent(self):
        return round(100 * self.processed / self.total) if self.total else 100

    def add_usage(self, input_tokens: int, output_tokens: int):
        """Count tokens and their cost atomically; batches cost half (Anthropic's batch discount)."""
        price_in, price_out = token_prices()
        cost = (Decimal(input_tokens) * price_in + Decimal(output_tokens) * price_out) / Decimal(1_000_000)
        if self.use_batch:
            cost /= 2
        AIJob.objects.filter(pk=self.pk).update(
            input_tokens=F("input_tokens") + input_tokens,
            output_tokens=F("output_tokens") + output_tokens,
            estimated_cost=F("estimated_cost") + cost.quantize(Decimal("0.000001")),
        )

    def count_outcome(self, ok: bool):
        field = "done" if ok else "failed"
        AIJob.objects.filter(pk=self.pk).update(**{field: F(field) + 1})

    def close(self, status, error=""):
        """Mark the job ended, unless it already was (a cancel wins over a late finish)."""
        AIJob.objects.filter(pk=self.pk, status__in=self.OPEN).update(
            status=status, error=error, finished_at=timezone.now()
        )
        self.refresh_from_db()


class AIJobItem(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("aicontent", "Pending")
        DONE = "done", _("Draft saved")
        PUBLISHED = "published", pgettext_lazy("aicontent", "Published")
        FAILED = "failed", pgettext_lazy("aicontent", "Failed")
        CANCELLED = "cancelled", pgettext_lazy("aicontent", "Cancelled")

    job = models.ForeignKey(AIJob, on_delete=models.CASCADE, related_name="items", verbose_name=_("job"))
    product = models.ForeignKey("shop.Product", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("product"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING,
        verbose_name=_("status"))
    error = models.TextField(blank=True, verbose_name=_("error"))
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("revision")
    )
    previous_revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("previous revision")
    )
    input_tokens = models.PositiveIntegerField(default=0, verbose_name=_("input tokens"))
    output_tokens = models.PositiveIntegerField(default=0, verbose_name=_("output tokens"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("AI job item")
        verbose_name_plural = _("AI job items")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["job", "product"], name="aicontent_unique_job_product")
        ]
        indexes = [models.Index(fields=["job", "status"])]

    def __str__(self):
        return f"{self.job} — {self.product_id}"

    @property
    def custom_id(self):
        """How a Message Batches request names this item."""
        return f"item-{self.pk}"
