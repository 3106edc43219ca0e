"""Suppliers: who feeds the catalog, how their feed is read, and what each sync did.

A Supplier is a ClusterableModel so its category and attribute mappings can be
edited inline in the Wagtail admin (ParentalKey). Each supplier is also a
Warehouse: a sync writes its stock there.
"""

import ipaddress
import re
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)

from shop.pricing import Rounding

SCHEDULE_NAME = "supplier-sync-{pk}"
HINT_SCHEDULE_NAME = "supplier-hint-{pk}"  # a webhook's debounced incremental run

SYNC_TASK = "suppliers.tasks.sync_supplier_task"


def dialect_choices():
    """Every registered feed dialect; a callable so a new dialect needs no migration."""
    from suppliers.feeds import DIALECTS

    return [(name, name) for name in sorted(DIALECTS)]


def compile_name_rules(rules) -> list[re.Pattern]:
    """The supplier's name-cleaning regexes, compiled; ValidationError names the bad one."""
    if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
        raise ValidationError({"name_rules": _("Name rules must be a list of regular expressions.")})
    compiled = []
    for rule in rules:
        try:
            compiled.append(re.compile(rule, re.IGNORECASE))
        except re.error as exc:
            raise ValidationError(
                {"name_rules": _("Rule %(rule)r is not a valid regular expression: %(error)s")
                 % {"rule": rule, "error": exc}}
            ) from exc
    return compiled


HOST_NAME = re.compile(r"^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}"
                       r"[a-z0-9_])?)*$")


def parse_private_hosts(text: str, *, strict: bool = False) -> list[str]:
    """One host name (or address) per line, or separated by commas or spaces; lower case.

    `strict` refuses what is not exactly one host (a URL, a port, a wildcard) with a
    ValidationError: a pattern would open far more than the manager meant to."""
    hosts = []
    for word in re.split(r"[\s,;]+", text or ""):
        host = word.strip().strip("[]").rstrip(".").lower()
        if not host:
            continue
        try:
            ipaddress.ip_address(host)
        except ValueError:
            if not HOST_NAME.match(host):
                if strict:
                    raise ValidationError({"allowed_private_hosts": _(
                        "%(host)r is not a host name: write only the name, e.g. 1c.office.lan "
                        "(no http://, port, path or *).") % {"host": word}}) from None
                continue
        if host not in hosts:
            hosts.append(host)
    return hosts


class Supplier(ClusterableModel):
    class CurrencyMode(models.TextChoices):
        FEED = "feed", _("Use the exchange rates the feed states")
        SHOP = "shop", _("Use the shop's rates below (they win over the feed's)")

    class Frequency(models.TextChoices):
        OFF = "off", _("Manual only")
        DAILY = "daily", _("Daily at the given hour")
        INTERVAL = "interval", _("Every N minutes")

    name = models.CharField(max_length=120, verbose_name=_("name"))
    slug = models.SlugField(unique=True, verbose_name=_("slug"))
    contact_email = models.EmailField(blank=True, verbose_name=_("contact email"))
    default_markup_percent = models.DecimalField(
        max_digits=6, decimal_places=2, default=Decimal("30"),
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("1000"))],
        help_text=_("Markup applied when neither the product nor its category sets one."),
        verbose_name=_("default markup percent"),
    )
    price_rounding = models.CharField(
        max_length=8, choices=Rounding.CHOICES, blank=True,
        help_text=_("Leave empty to use the shop-wide rounding rule."), verbose_name=_("price rounding"),
    )
    active = models.BooleanField(default=True, help_text=_("Inactive suppliers are never synced."),
        verbose_name=_("active"))

    # --- the feed ---
    feed_url = models.URLField(
        max_length=1000, blank=True,
        help_text=_("Where the feed is downloaded from (http or https); for a store connector, the "
                    "store's address, e.g. https://shop.example.com."), verbose_name=_("feed URL"),
    )
    feed_file = models.FileField(
        upload_to="supplier-feeds/", blank=True,
        help_text=_("An uploaded feed file, used when no URL is set."), verbose_name=_("feed file"),
    )
    allowed_private_hosts = models.TextField(
        blank=True, verbose_name=_("allowed private hosts"),
        help_text=_("Host names on the shop's own network this supplier's feed, store or photos may "
                    "be fetched from, one per line (e.g. a 1C server in the office). Every other "
                    "private or local address stays refused."),
    )
    dialect = models.CharField(max_length=40, choices=dialect_choices, blank=True, verbose_name=_("dialect"))
    adapter_options = models.JSONField(
        default=dict, blank=True,
        help_text=_('Options of the dialect, e.g. {"encoding": "windows-1251", "delimiter": ";"}.'),
        verbose_name=_("adapter options"),
    )
    currency_mode = models.CharField(
        max_length=8, choices=CurrencyMode.choices, default=CurrencyMode.FEED,
        verbose_name=_("currency mode"),
    )
    exchange_rates = models.JSONField(
        default=dict, blank=True, help_text=_('UAH per unit, e.g. {"USD": "41.20", "EUR": "44.90"}.'),
        verbose_name=_("exchange rates"),
    )
    name_rules = models.JSONField(
        default=list, blank=True,
        help_text=_("Regular expressions removed from product names (besides the brand and model code)."),
        verbose_name=_("name rules"),
    )
    name_template = models.CharField(
        max_length=255, blank=True, verbose_name=_("name template"),
        help_text=_("Completes titles that lack facts, e.g. “{type} {audience} {colour} {name}[, "
                    "{material}]”: {type} is the store category, {audience} who it is for, {colour} "
                    "and {material} the parameters, {name} the rest of the title; a part in [brackets] "
                    "is left out when its fact is unknown. Empty: titles are only cleaned."),
    )
    unpublish_limit_percent = models.PositiveSmallIntegerField(
        default=30, validators=[MaxValueValidator(100)],
        help_text=_("A run never disables more than this share of the supplier's products "
                    "unless forced."), verbose_name=_("unpublish limit percent"),
    )

    # --- schedule (a django-q Schedule is kept in step on save) ---
    schedule = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.OFF,
        verbose_name=_("schedule"))
    schedule_hour = models.PositiveSmallIntegerField(default=5, validators=[MaxValueValidator(23)],
        verbose_name=_("schedule hour"))
    schedule_interval_minutes = models.PositiveIntegerField(
        default=240, validators=[MinValueValidator(15)], verbose_name=_("schedule interval minutes"),
    )

    # --- store connectors (WooCommerce, Shopify, Magento) ---
    # A Fernet token of the store's secrets (suppliers/connectors/credentials.py); set through
    # the form's write-only fields, never shown back.
    credentials = models.TextField(blank=True, editable=False, verbose_name=_("credentials"))
    full_sync_hours = models.PositiveSmallIntegerField(
        default=24, validators=[MinValueValidator(1), MaxValueValidator(24 * 30)],
        verbose_name=_("full reconciliation every (hours)"),
        help_text=_("Store connectors only: runs in between fetch only what changed; a full run, the "
                    "only one that unpublishes products gone from the store, comes at least this often."),
    )

    # --- conditional GET: what the server said last time a run completed ---
    feed_etag = models.CharField(max_length=255, blank=True, editable=False, verbose_name=_("feed ETag"))
    feed_last_modified = models.CharField(max_length=64, blank=True, editable=False,
        verbose_name=_("feed last modified"))

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("slug"), FieldPanel("contact_email"),
                         FieldPanel("active")], heading=_("Supplier")),
        MultiFieldPanel([FieldPanel("feed_url"), FieldPanel("feed_file"), FieldPanel("dialect"),
                         FieldPanel("adapter_options"), FieldPanel("allowed_private_hosts")],
                        heading=_("Feed")),
        FieldPanel("full_sync_hours"),
        MultiFieldPanel([FieldRowPanel([FieldPanel("default_markup_percent"),
                                        FieldPanel("price_rounding")]),
                         FieldPanel("currency_mode"), FieldPanel("exchange_rates")],
                        heading=_("Prices")),
        FieldPanel("name_rules"),
        FieldPanel("name_template"),
        FieldPanel("unpublish_limit_percent"),
        MultiFieldPanel([FieldPanel("schedule"), FieldRowPanel([
            FieldPanel("schedule_hour"), FieldPanel("schedule_interval_minutes")])],
            heading=_("Schedule")),
    ]
    edit_handler = TabbedInterface([
        ObjectList(panels, heading=_("Supplier")),
        ObjectList([InlinePanel("category_mappings", label=_("Category"))],
                   heading=_("Categories")),
        ObjectList([InlinePanel("attribute_mappings", label=_("Parameter"))],
                   heading=_("Attributes")),
    ])

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_store(self) -> bool:
        """Whether the dialect is a store connector (WooCommerce, Shopify, Magento)."""
        from suppliers.connectors import is_connector

        return is_connector(self.dialect)

    # --- configuration checks ---
    def adapter_config(self) -> dict:
        """Adapter options with the shop's exchange rates when the supplier uses them."""
        options = dict(self.adapter_options or {})
        if self.currency_mode == self.CurrencyMode.SHOP and self.exchange_rates:
            options["rates"] = {**(options.get("rates") or {}), **self.exchange_rates}
        return options

    def get_adapter(self):
        from suppliers.feeds import get_adapter

        return get_adapter(self.dialect, self.adapter_config())

    def compiled_name_rules(self) -> list[re.Pattern]:
        return compile_name_rules(self.name_rules or [])

    def compiled_name_template(self):
        from suppliers.sync.name_template import NameTemplate, TemplateError

        try:
            return NameTemplate(self.name_template)
        except TemplateError as exc:
            raise ValidationError({"name_template": _("The name template is not valid: %(error)s")
                                   % {"error": exc}}) from exc

    def private_hosts(self) -> frozenset[str]:
        """The hosts this supplier's runs may reach on private addresses (safehttp)."""
        return frozenset(parse_private_hosts(self.allowed_private_hosts))

    def clean(self):
        super().clean()
        self.compiled_name_rules()
        self.compiled_name_template()
        self.allowed_private_hosts = "\n".join(parse_private_hosts(self.allowed_private_hosts, strict=True))
        if self.adapter_options is None or not isinstance(self.adapter_options, dict):
            raise ValidationError({"adapter_options": _("Adapter options must be a JSON object.")})
        if not isinstance(self.exchange_rates, dict):
            raise ValidationError({"exchange_rates": _("Exchange rates must be a JSON object.")})
        if self.dialect:
            try:
                self.get_adapter()  # the adapter checks its own option names and values
            except (ValueError, TypeError) as exc:
                raise ValidationError({"adapter_options": str(exc)}) from exc

    def save(self, *args, **kwargs):
        self.compiled_name_rules()  # a broken regex must never reach a sync
        super().save(*args, **kwargs)
        self.ensure_warehouse()
        self.sync_schedule()

    def ensure_warehouse(self):
        from shop.models import Warehouse

        wanted = {"name": self.name, "code": f"supplier-{self.slug}", "kind": Warehouse.Kind.SUPPLIER}
        current = Warehouse.objects.filter(supplier=self).values(*wanted).first()
        if current != wanted:
            Warehouse.objects.update_or_create(supplier=self, defaults=wanted)

    # --- schedule ---
    def sync_schedule(self):
        """Create, update or remove this supplier's django-q Schedule."""
        from django_q.models import Schedule

        name = SCHEDULE_NAME.format(pk=self.pk)
        if not self.active or self.schedule == self.Frequency.OFF or not self.dialect:
            Schedule.objects.filter(name=name).delete()
            return None
        if self.schedule == self.Frequency.DAILY:
            fields = {"schedule_type": Schedule.DAILY, "minutes": None,
                      "next_run": self._next_daily_run()}
        else:
            fields = {"schedule_type": Schedule.MINUTES, "minutes": self.schedule_interval_minutes}
        existing = Schedule.objects.filter(name=name).first()
        if existing and all(getattr(existing, k) == v for k, v in fields.items()
                            if k != "next_run") and existing.func == SYNC_TASK:
            return existing  # unchanged: keep the next run it already has
        fields.setdefault("next_run", timezone.now())
        schedule, _created = Schedule.objects.update_or_create(
            name=name, defaults={"func": SYNC_TASK, "args": repr(self.pk), "repeats": -1, **fields},
        )
        return schedule

    def _next_daily_run(self):
        now = timezone.localtime()
        run = now.replace(hour=self.schedule_hour, minute=0, second=0, microsecond=0)
        return run if run > now else run + timedelta(days=1)

    def delete(self, *args, **kwargs):
        from django_q.models import Schedule

        Schedule.objects.filter(name__in=[SCHEDULE_NAME.format(pk=self.pk),
                                          HINT_SCHEDULE_NAME.format(pk=self.pk)]).delete()
        return super().delete(*args, **kwargs)


class CategoryMapping(models.Model):
    """A supplier's category (id or path) and the store category its goods go to.

    Rows are created by the sync for every category it meets; until a manager
    chooses a store category, goods of that category are imported hidden.
    """

    supplier = ParentalKey(Supplier, on_delete=models.CASCADE, related_name="category_mappings",
        verbose_name=_("supplier"))
    key = models.CharField(max_length=500, help_text=_("The supplier's category id or path."),
        verbose_name=_("key"))
    name = models.CharField(max_length=255, blank=True, help_text=_("The supplier's category name."),
        verbose_name=_("name"))
    category = models.ForeignKey(
        "shop.CategoryPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("Empty: the goods are imported hidden until you choose a category."),
        verbose_name=_("category"),
    )
    product_count = models.PositiveIntegerField(
        default=0, editable=False, help_text=_("Models in this category in the last feed."),
        verbose_name=_("product count"),
    )
    last_seen = models.DateTimeField(null=True, blank=True, editable=False, verbose_name=_("last seen"))

    panels = [FieldRowPanel([FieldPanel("key", read_only=True), FieldPanel("name", read_only=True)]),
              PageChooserPanel("category", page_type="shop.CategoryPage")]

    class Meta:
        verbose_name = _("category mapping")
        verbose_name_plural = _("category mappings")
        ordering = ["supplier", "name", "key"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "key"], name="unique_supplier_category_key"),
        ]

    def __str__(self):
        return f"{self.supplier}: {self.name or self.key}"

    @classmethod
    def unmapped(cls, supplier=None):
        """Supplier categories without a store category, most waiting goods first."""
        rows = cls.objects.filter(category__isnull=True).select_related("supplier")
        if supplier is not None:
            rows = rows.filter(supplier=supplier)
        return rows.order_by("-product_count", "name")


class AttributeMapping(models.Model):
    """A supplier's parameter name ("Колір", "Матеріал верху", "color") -> an AttributeDefinition.

    The sync creates a row for every parameter it meets, guessing the definition
    from the name; a row without a definition means "ignore this parameter".
    """

    supplier = ParentalKey(Supplier, on_delete=models.CASCADE, related_name="attribute_mappings",
        verbose_name=_("supplier"))
    param = models.CharField(max_length=255, help_text=_("The parameter name as the feed writes it."),
        verbose_name=_("param"))
    definition = models.ForeignKey(
        "shop.AttributeDefinition", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("Empty: the parameter is ignored."), verbose_name=_("definition"),
    )
    last_seen = models.DateTimeField(null=True, blank=True, editable=False, verbose_name=_("last seen"))

    panels = [FieldRowPanel([FieldPanel("param", read_only=True), FieldPanel("definition")])]

    class Meta:
        verbose_name = _("attribute mapping")
        verbose_name_plural = _("attribute mappings")
        ordering = ["supplier", "param"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "param"], name="unique_supplier_param"),
        ]

    def __str__(self):
        return f"{self.supplier}: {self.param}"


class UnknownAttributeValue(models.Model):
    """A value of a mapped parameter that no option's keywords recognise (as of the last run).

    The manager adds a keyword to the right option and the next sync files it.
    """

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="unknown_values",
        verbose_name=_("supplier"))
    definition = models.ForeignKey("shop.AttributeDefinition", on_delete=models.CASCADE,
                                   related_name="+", verbose_name=_("definition"))
    param = models.CharField(max_length=255, verbose_name=_("param"))
    value = models.CharField(max_length=255, verbose_name=_("value"))
    product_count = models.PositiveIntegerField(default=0, verbose_name=_("product count"))
    last_seen = models.DateTimeField(default=timezone.now, verbose_name=_("last seen"))

    class Meta:
        verbose_name = _("unknown attribute value")
        verbose_name_plural = _("unknown attribute values")
        ordering = ["supplier", "definition", "-product_count", "value"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "definition", "value"],
                                    name="unique_unknown_attribute_value"),
        ]

    def __str__(self):
        return f"{self.param}: {self.value}"


class FeedItem(models.Model):
    """What the last sync read for one product beyond the product's own fields.

    The supplier's category key finds the products waiting on a category once a
    manager maps it; the digest of the raw description lets a re-sync skip
    sanitising descriptions that did not change. The record digest covers
    everything a sync derives from the feed model plus the product's state as
    the sync left it (suppliers/sync/digest.py): when it still matches, the
    model is unchanged and the sync does no per-record work for it.
    """

    product = models.OneToOneField("shop.Product", primary_key=True, on_delete=models.CASCADE,
                                   related_name="feed_item", verbose_name=_("product"))
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="feed_items",
        verbose_name=_("supplier"))
    category_key = models.CharField(max_length=500, blank=True, verbose_name=_("category key"))
    description_digest = models.CharField(max_length=40, blank=True, verbose_name=_("description digest"))
    record_digest = models.CharField(max_length=40, blank=True, verbose_name=_("record digest"))

    class Meta:
        verbose_name = _("feed item")
        verbose_name_plural = _("feed items")
        indexes = [models.Index(fields=["supplier", "category_key"])]

    def __str__(self):
        return f"{self.supplier}: {self.product_id}"


class ImageSource(models.Model):
    """A picture URL a sync has fetched, and the Wagtail image it became.

    A URL that is known is never downloaded again; identical bytes behind
    different URLs share one image (content_hash). Failed URLs are retried
    after a while, not on every run.
    """

    url_hash = models.CharField(max_length=64, unique=True,
        verbose_name=_("URL hash"))  # sha256 of the URL: URLs can be long
    url = models.TextField(verbose_name=_("URL"))
    content_hash = models.CharField(max_length=64, blank=True, db_index=True, verbose_name=_("content hash"))
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("image"),
    )
    error = models.CharField(max_length=255, blank=True, verbose_name=_("error"))
    fetched_at = models.DateTimeField(default=timezone.now, verbose_name=_("fetched at"))
    failures = models.PositiveSmallIntegerField(default=0)  # failed attempts in a row
    retry_at = models.DateTimeField(null=True, blank=True)  # not tried again before this

    class Meta:
        verbose_name = _("image source")
        verbose_name_plural = _("image sources")

    def __str__(self):
        return self.url


class SyncRun(models.Model):
    """One run of a supplier sync: what it did, how far it got and what went wrong."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        REJECTED = "rejected", _("Feed rejected (nothing changed)")
        FAILED = "failed", _("Failed")

    class Phase(models.TextChoices):
        STARTING = "", _("Starting")
        READING = "reading", _("Reading the feed")
        PHOTOS = "photos", _("Downloading photos")
        WRITING = "writing", _("Writing products")

    class Mode(models.TextChoices):
        FEED = "", _("Feed")
        FULL = "full", _("Full (store)")
        INCREMENTAL = "incremental", _("Changes only (store)")

    MAX_WARNINGS = 500

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="sync_runs",
        verbose_name=_("supplier"))
    mode = models.CharField(max_length=12, choices=Mode.choices, blank=True, default=Mode.FEED,
                            help_text=_("For a store: a full run or only what changed since the last one."),
                            verbose_name=_("mode"))
    api_requests = models.PositiveIntegerField(default=0, help_text=_(
        "Requests sent to the store's API, retries included."), verbose_name=_("API requests"))
    api_retries = models.PositiveIntegerField(default=0, verbose_name=_("API retries"))
    started_at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name=_("started at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING,
        verbose_name=_("status"))
    dry_run = models.BooleanField(default=False, verbose_name=_("dry run"))
    forced = models.BooleanField(default=False, verbose_name=_("forced"))
    source = models.CharField(max_length=1000, blank=True, verbose_name=_("source"))
    not_modified = models.BooleanField(default=False, help_text=_(
        "Nothing to do: the server answered 304, or the feed was the one last applied and no "
        "setting, mapping or product had changed since."), verbose_name=_("not modified"))
    # What the run applied, for telling whether the next one can finish at once (sync/inputs.py).
    feed_sha256 = models.CharField(max_length=64, blank=True, editable=False, verbose_name=_("feed SHA-256"))
    settings_digest = models.CharField(max_length=40, blank=True, editable=False,
        verbose_name=_("settings digest"))
    catalog_state = models.CharField(max_length=80, blank=True, editable=False,
        verbose_name=_("catalog state"))

    records = models.PositiveIntegerField(default=0, help_text=_("Models read from the feed."),
        verbose_name=_("records"))
    created = models.PositiveIntegerField(default=0, verbose_name=_("created"))
    updated = models.PositiveIntegerField(default=0, verbose_name=_("updated"))
    unchanged = models.PositiveIntegerField(default=0, verbose_name=_("unchanged"))
    stock_changed = models.PositiveIntegerField(default=0, verbose_name=_("stock changed"))
    unpublished = models.PositiveIntegerField(default=0, verbose_name=_("unpublished"))
    unpublish_held = models.PositiveIntegerField(
        default=0, help_text=_("Products that left the feed but were kept: over the safety share."),
        verbose_name=_("unpublish held"),
    )
    hidden = models.PositiveIntegerField(default=0, help_text=_("Imported hidden (unmapped, no price)."),
        verbose_name=_("hidden"))
    skipped = models.PositiveIntegerField(default=0, verbose_name=_("skipped"))
    reasons = models.JSONField(default=dict, blank=True, help_text=_("Skipped/hidden counts by reason."),
        verbose_name=_("reasons"))
    images_fetched = models.PositiveIntegerField(default=0, verbose_name=_("images fetched"))
    images_reused = models.PositiveIntegerField(default=0, verbose_name=_("images reused"))
    images_failed = models.PositiveIntegerField(default=0, verbose_name=_("images failed"))

    warnings = models.JSONField(default=list, blank=True, verbose_name=_("warnings"))
    warnings_total = models.PositiveIntegerField(default=0, verbose_name=_("warnings total"))
    error = models.TextField(blank=True, verbose_name=_("error"))
    # What the run is doing now and how far it got in that phase (suppliers/sync/progress.py);
    # a total of 0 means the phase's size is not known yet (reading a feed).
    phase = models.CharField(max_length=12, choices=Phase.choices, blank=True, default=Phase.STARTING,
                             verbose_name=_("phase"))
    progress_done = models.PositiveIntegerField(default=0, verbose_name=_("progress done"))
    progress_total = models.PositiveIntegerField(default=0, verbose_name=_("progress total"))

    class Meta:
        verbose_name = _("sync run")
        verbose_name_plural = _("sync runs")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["supplier", "-started_at"])]

    def __str__(self):
        return f"{self.supplier} {self.started_at:%Y-%m-%d %H:%M} {self.status}"

    @property
    def duration(self):
        end = self.finished_at or timezone.now()
        return end - self.started_at

    @property
    def progress_percent(self) -> int:
        if not self.progress_total:
            return 100 if self.finished_at else 0
        return min(100, round(100 * self.progress_done / self.progress_total))

    def warn(self, offer_id: str, message: str) -> None:
        self.warnings_total += 1
        if len(self.warnings) < self.MAX_WARNINGS:
            self.warnings.append({"offer": str(offer_id or ""), "message": str(message)[:500]})

    def count_reason(self, reason: str, n: int = 1) -> None:
        self.reasons[reason] = self.reasons.get(reason, 0) + n

    def summary(self) -> str:
        """One line of counts, as the commands print it."""
        head = f"{self.supplier.slug}: {self.status}"
        if self.dry_run:
            head += " (dry run)"
        if self.status == self.Status.REJECTED or self.status == self.Status.FAILED:
            return f"{head} — {self.error.splitlines()[0] if self.error else ''}"
        if self.mode:
            head += f" ({self.mode})"
        if self.not_modified:
            return f"{head} — feed not modified since the last run"
        text = (f"{head} in {self.duration.total_seconds():.1f}s — {self.records} models: "
                f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.stock_changed} stock changes, {self.unpublished} unpublished, "
                f"{self.hidden} hidden, {self.skipped} skipped; images {self.images_fetched} fetched, "
                f"{self.images_reused} reused, {self.images_failed} failed; "
                f"{self.warnings_total} warnings")
        if self.unpublish_held:
            text += f"; {self.unpublish_held} NOT unpublished (over the safety share, use --force)"
        return text


class SyncLock(models.Model):
    """Who is syncing a supplier right now: one row per supplier, claimed under a row lock.

    A holder writes a heartbeat while it works; a lock whose holder process is
    gone (same host, dead pid) or whose heartbeat is stale is taken over, so a
    killed worker never blocks its supplier for good.
    """

    supplier = models.OneToOneField(Supplier, on_delete=models.CASCADE, related_name="sync_lock",
        verbose_name=_("supplier"))
    token = models.CharField(max_length=64, blank=True, verbose_name=_("token"))  # empty: free
    host = models.CharField(max_length=255, blank=True, verbose_name=_("host"))
    pid = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("PID"))
    run = models.ForeignKey(SyncRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("run"))
    acquired_at = models.DateTimeField(null=True, blank=True, verbose_name=_("acquired at"))
    heartbeat = models.DateTimeField(null=True, blank=True, verbose_name=_("heartbeat"))
    # Set when a sync is queued and cleared when a worker picks it up, so a second press of
    # "Sync" or "Sync all" does not queue the same supplier again.
    queued_at = models.DateTimeField(null=True, blank=True, verbose_name=_("queued at"))

    class Meta:
        verbose_name = _("sync lock")
        verbose_name_plural = _("sync locks")

    def __str__(self):
        return f"{self.supplier}: {'held by ' + self.host + ':' + str(self.pid) if self.token else 'free'}"


class ConnectorState(models.Model):
    """Where a store connector got to: the watermark of its incremental runs and the last full one.

    Written only when a run is done (a failed or rejected run leaves it as it was, so the next
    run asks again for everything since the same moment).
    """

    supplier = models.OneToOneField(Supplier, on_delete=models.CASCADE, related_name="connector_state",
        verbose_name=_("supplier"))
    watermark = models.DateTimeField(null=True, blank=True, help_text=_(
        "The newest modification date read from the store; the next run asks for changes since "
        "this moment, less the overlap."), verbose_name=_("watermark"))
    last_full_at = models.DateTimeField(null=True, blank=True, verbose_name=_("last full at"))
    full_requested_at = models.DateTimeField(null=True, blank=True, help_text=_(
        "When a webhook said products were deleted: the next run is a full one."),
        verbose_name=_("full requested at"))
    data = models.JSONField(default=dict, blank=True,
        verbose_name=_("data"))  # what a connector keeps between runs
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("connector state")
        verbose_name_plural = _("connector states")

    def __str__(self):
        return f"{self.supplier}: {self.watermark or '-'}"


class WebhookDelivery(models.Model):
    """A store's webhook delivery we acted on, remembered to ignore its repeats."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="webhook_deliveries",
        verbose_name=_("supplier"))
    delivery_id = models.CharField(max_length=255, verbose_name=_("delivery ID"))
    topic = models.CharField(max_length=100, blank=True, verbose_name=_("topic"))
    received_at = models.DateTimeField(default=timezone.now, db_index=True, verbose_name=_("received at"))

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [models.UniqueConstraint(fields=["supplier", "delivery_id"],
                                               name="unique_supplier_webhook_delivery")]

    def __str__(self):
        return f"{self.supplier}: {self.topic} {self.delivery_id}"
