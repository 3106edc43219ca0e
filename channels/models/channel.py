"""A channel: one marketplace or shopping-engine feed with its own price rule and selection."""

import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
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

from channels.forms import ChannelForm
from shop.pricing import Rounding, retail_price

SCHEDULE_NAME = "channel-feed-{pk}"
BUILD_TASK = "channels.tasks.build_feed_task"
ORDERS_SCHEDULE_NAME = "channel-orders-{pk}"
ORDERS_TASK = "channels.orders.tasks.import_orders_task"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Channel(ClusterableModel):
    class Kind(models.TextChoices):
        PROM_YML = "prom_yml", _("Prom.ua (YML)")
        ROZETKA_YML = "rozetka_yml", _("Rozetka (YML)")
        GOOGLE_MERCHANT = "google_merchant", _("Google Merchant Center (XML)")

    name = models.CharField(max_length=120, verbose_name=_("name"))
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    active = models.BooleanField(default=True, help_text=_("Inactive channels are neither built nor served."),
        verbose_name=_("active"))

    # --- price rule, on top of our retail price, through shop.pricing ---
    markup_percent = models.DecimalField(
        max_digits=6, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("1000"))],
        help_text=_("Added to the shop's retail price (0: the same price as the shop)."),
        verbose_name=_("markup percent"),
    )
    rounding = models.CharField(
        max_length=8, choices=Rounding.CHOICES, blank=True,
        help_text=_("Empty: no rounding beyond kopiyky."), verbose_name=_("rounding"),
    )

    # --- what goes in (empty means everything) ---
    categories = ParentalManyToManyField(
        "shop.CategoryPage", blank=True, related_name="+",
        help_text=_("Only products of these categories and their subcategories. Empty: all."),
        verbose_name=_("categories"),
    )
    suppliers = ParentalManyToManyField(
        "suppliers.Supplier", blank=True, related_name="+",
        help_text=_("Only products of these suppliers. Empty: all."), verbose_name=_("suppliers"),
    )
    brands = models.TextField(blank=True, help_text=_("Comma-separated brands. Empty: all."),
        verbose_name=_("brands"))
    min_stock = models.PositiveIntegerField(
        default=1, help_text=_("A size with less stock than this is sent as not available."),
        verbose_name=_("min stock"),
    )
    approve_new_listings = models.BooleanField(
        default=False, help_text=_("New products go live on this channel without an editor's approval."),
        verbose_name=_("approve new listings"),
    )

    # --- building ---
    vanished_grace_builds = models.PositiveSmallIntegerField(
        default=3, validators=[MaxValueValidator(100)],
        help_text=_("Products that left the feed stay in it as not available for this many builds."),
        verbose_name=_("vanished grace builds"),
    )
    max_invalid_percent = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("A build with more invalid offers than this share keeps the previous file live."),
        verbose_name=_("max invalid percent"),
    )
    rebuild_every_minutes = models.PositiveIntegerField(
        default=360, help_text=_("Scheduled rebuilds (besides those after supplier syncs). 0: off."),
        verbose_name=_("rebuild every minutes"),
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False,
        verbose_name=_("token"))
    prom_api_token = models.CharField(
        max_length=255, blank=True,
        help_text=_("Prom.ua API token (Bearer): price and stock are pushed after each sync, and "
                    "orders are imported with it. Empty: only the feed."), verbose_name=_("prom API token"),
    )

    # --- orders in (channels.orders) ---
    import_orders = models.BooleanField(
        default=False, help_text=_("Fetch this marketplace's orders on a schedule (Prom.ua and Rozetka)."),
        verbose_name=_("import orders"))
    orders_every_minutes = models.PositiveIntegerField(
        default=10, validators=[MinValueValidator(1)], help_text=_("How often orders are fetched."),
        verbose_name=_("orders every minutes"))
    rozetka_api_token = models.CharField(
        max_length=500, blank=True,
        help_text=_("Rozetka seller API token with the order manager's role. Or a login below."),
        verbose_name=_("rozetka API token"))
    rozetka_username = models.CharField(max_length=120, blank=True, verbose_name=_("rozetka username"))
    rozetka_password = models.CharField(max_length=255, blank=True, verbose_name=_("rozetka password"))

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("kind"), FieldPanel("active")],
                        heading=_("Channel")),
        MultiFieldPanel([FieldRowPanel([FieldPanel("markup_percent"), FieldPanel("rounding")])],
                        heading=_("Price rule")),
        MultiFieldPanel([FieldPanel("categories"), FieldPanel("suppliers"), FieldPanel("brands"),
                         FieldPanel("min_stock"), FieldPanel("approve_new_listings")],
                        heading=_("Selection")),
        MultiFieldPanel([FieldPanel("vanished_grace_builds"), FieldPanel("max_invalid_percent"),
                         FieldPanel("rebuild_every_minutes")], heading=_("Building")),
        FieldPanel("prom_api_token"),
    ]
    order_panels = [
        MultiFieldPanel([FieldPanel("import_orders"), FieldPanel("orders_every_minutes")],
                        heading=_("Orders")),
        MultiFieldPanel([FieldPanel("rozetka_api_token"), FieldPanel("rozetka_username"),
                         FieldPanel("rozetka_password"), FieldPanel("forget_credentials")],
                        heading=_("Credentials")),
    ]
    edit_handler = TabbedInterface([
        ObjectList(panels, heading=_("Channel")),
        ObjectList([InlinePanel("category_mappings", label=_("Category"))], heading=_("Categories")),
        ObjectList(order_panels, heading=_("Orders")),
    ], base_form_class=ChannelForm)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["name"]

    def __str__(self):
        return self.name

    # --- prices ---
    def price(self, retail: Decimal | None) -> Decimal | None:
        """Our retail price with the channel's rule, by the shop's one pricing function."""
        if retail is None:
            return None
        return retail_price(retail, self.markup_percent, self.rounding or Rounding.NONE)

    # --- selection ---
    def brand_list(self) -> list[str]:
        return [b.strip() for b in (self.brands or "").split(",") if b.strip()]

    def products(self):
        """The visible products this channel's selection takes in (before per-offer checks)."""
        from shop.models import Product

        products = Product.objects.visible()
        paths = [c.path for c in self.categories.all()]
        if paths:
            products = products.filter(_any(Q(category__path__startswith=p) for p in paths))
        supplier_ids = [s.pk for s in self.suppliers.all()]
        if supplier_ids:
            products = products.filter(supplier_id__in=supplier_ids)
        brands = self.brand_list()
        if brands:
            products = products.filter(_any(Q(brand__iexact=b) for b in brands))
        return products

    # --- orders ---
    @property
    def orders_api(self) -> str:
        """Whose orders API this channel speaks: "prom", "rozetka" or "" (none)."""
        return {self.Kind.PROM_YML: "prom", self.Kind.ROZETKA_YML: "rozetka"}.get(self.kind, "")

    @property
    def order_source(self) -> str:
        """What the shop's orders record as their source channel ("prom:3")."""
        return f"{self.orders_api or self.kind}:{self.pk}"

    def has_order_credentials(self) -> bool:
        if self.orders_api == "prom":
            return bool(self.prom_api_token)
        if self.orders_api == "rozetka":
            return bool(self.rozetka_api_token or (self.rozetka_username and self.rozetka_password))
        return False

    def clean(self):
        super().clean()
        # Google compares the feed's price with the product page's: the channel may not change it.
        if self.kind == self.Kind.GOOGLE_MERCHANT and (self.markup_percent or self.rounding):
            raise ValidationError({"markup_percent": _(
                "Google Merchant must show the product page's price: no markup or rounding.")})
        if self.import_orders and not self.orders_api:
            raise ValidationError({"import_orders": _("Only Prom.ua and Rozetka channels have orders.")})
        if self.import_orders and not self.has_order_credentials():
            raise ValidationError({"import_orders": _(
                "Orders need the channel's API credentials (Prom: the API token; Rozetka: a token or "
                "a login and password).")})

    def save(self, *args, **kwargs):
        created = self.pk is None
        super().save(*args, **kwargs)
        self.sync_schedule()
        self.sync_orders_schedule()
        if created and self.orders_api:
            from channels.orders.defaults import seed_status_mappings

            seed_status_mappings(self)

    def delete(self, *args, **kwargs):
        from django_q.models import Schedule

        Schedule.objects.filter(name__in=[SCHEDULE_NAME.format(pk=self.pk),
                                          ORDERS_SCHEDULE_NAME.format(pk=self.pk)]).delete()
        return super().delete(*args, **kwargs)

    def sync_orders_schedule(self):
        """Poll the channel's orders while it is active, importing and has its credentials."""
        from django_q.models import Schedule

        name = ORDERS_SCHEDULE_NAME.format(pk=self.pk)
        if not (self.active and self.import_orders and self.orders_api and self.has_order_credentials()):
            Schedule.objects.filter(name=name).delete()
            return None
        schedule, _created = Schedule.objects.update_or_create(name=name, defaults={
            "func": ORDERS_TASK, "args": f"{self.pk}, 'schedule'", "schedule_type": Schedule.MINUTES,
            "minutes": self.orders_every_minutes, "repeats": -1,
        })
        return schedule

    def sync_schedule(self):
        """Keep this channel's django-q Schedule in step with its settings."""
        from django_q.models import Schedule

        name = SCHEDULE_NAME.format(pk=self.pk)
        if not self.active or not self.rebuild_every_minutes:
            Schedule.objects.filter(name=name).delete()
            return None
        schedule, _created = Schedule.objects.update_or_create(name=name, defaults={
            "func": BUILD_TASK, "args": f"{self.pk}, 'schedule'", "schedule_type": Schedule.MINUTES,
            "minutes": self.rebuild_every_minutes, "repeats": -1,
        })
        return schedule


def _any(conditions) -> Q:
    combined = Q(pk__in=[])
    for condition in conditions:
        combined |= condition
    return combined


class ChannelCategory(models.Model):
    """Our category (with its subcategories) -> the channel's taxonomy.

    Goods of a category without a mapping (here or on an ancestor) are refused by the channel.
    Gender and age group are what Google wants on every apparel item; shoes inherit them from
    their category ("Жінкам" -> female, adult).
    """

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        UNISEX = "unisex", _("Unisex")

    class AgeGroup(models.TextChoices):
        ADULT = "adult", _("Adult")
        KIDS = "kids", _("Kids")
        TODDLER = "toddler", _("Toddler")
        INFANT = "infant", _("Infant")
        NEWBORN = "newborn", _("Newborn")

    channel = ParentalKey(Channel, on_delete=models.CASCADE, related_name="category_mappings",
        verbose_name=_("channel"))
    category = models.ForeignKey("shop.CategoryPage", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("category"))
    external_id = models.CharField(
        max_length=64,
        help_text=_("The channel's category id (Google product category, Prom or Rozetka id)."),
        verbose_name=_("external ID"),
    )
    gender = models.CharField(max_length=8, choices=Gender.choices, blank=True, verbose_name=_("gender"))
    age_group = models.CharField(max_length=8, choices=AgeGroup.choices, blank=True,
        verbose_name=_("age group"))

    panels = [PageChooserPanel("category", page_type="shop.CategoryPage"),
              FieldRowPanel([FieldPanel("external_id"), FieldPanel("gender"), FieldPanel("age_group")])]

    class Meta:
        verbose_name = _("channel category")
        verbose_name_plural = _("channel categories")
        constraints = [models.UniqueConstraint(fields=["channel", "category"],
                                               name="unique_channel_category")]

    def __str__(self):
        return f"{self.category} -> {self.external_id}"
