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

from shop.pricing import Rounding, retail_price

SCHEDULE_NAME = "channel-feed-{pk}"
BUILD_TASK = "channels.tasks.build_feed_task"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Channel(ClusterableModel):
    class Kind(models.TextChoices):
        PROM_YML = "prom_yml", _("Prom.ua (YML)")
        ROZETKA_YML = "rozetka_yml", _("Rozetka (YML)")
        GOOGLE_MERCHANT = "google_merchant", _("Google Merchant Center (XML)")

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    active = models.BooleanField(default=True, help_text=_("Inactive channels are neither built nor served."))

    # --- price rule, on top of our retail price, through shop.pricing ---
    markup_percent = models.DecimalField(
        max_digits=6, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("1000"))],
        help_text=_("Added to the shop's retail price (0: the same price as the shop)."),
    )
    rounding = models.CharField(
        max_length=8, choices=Rounding.CHOICES, blank=True,
        help_text=_("Empty: no rounding beyond kopiyky."),
    )

    # --- what goes in (empty means everything) ---
    categories = ParentalManyToManyField(
        "shop.CategoryPage", blank=True, related_name="+",
        help_text=_("Only products of these categories and their subcategories. Empty: all."),
    )
    suppliers = ParentalManyToManyField(
        "suppliers.Supplier", blank=True, related_name="+",
        help_text=_("Only products of these suppliers. Empty: all."),
    )
    brands = models.TextField(blank=True, help_text=_("Comma-separated brands. Empty: all."))
    min_stock = models.PositiveIntegerField(
        default=1, help_text=_("A size with less stock than this is sent as not available."),
    )
    approve_new_listings = models.BooleanField(
        default=False, help_text=_("New products go live on this channel without an editor's approval."),
    )

    # --- building ---
    vanished_grace_builds = models.PositiveSmallIntegerField(
        default=3, validators=[MaxValueValidator(100)],
        help_text=_("Products that left the feed stay in it as not available for this many builds."),
    )
    max_invalid_percent = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("A build with more invalid offers than this share keeps the previous file live."),
    )
    rebuild_every_minutes = models.PositiveIntegerField(
        default=360, help_text=_("Scheduled rebuilds (besides those after supplier syncs). 0: off."),
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    prom_api_token = models.CharField(
        max_length=255, blank=True,
        help_text=_("Prom.ua API token (Bearer): price and stock are pushed after each sync. "
                    "Empty: only the feed."),
    )

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
    edit_handler = TabbedInterface([
        ObjectList(panels, heading=_("Channel")),
        ObjectList([InlinePanel("category_mappings", label=_("Category"))], heading=_("Categories")),
    ])

    class Meta:
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

    def clean(self):
        super().clean()
        # Google compares the feed's price with the product page's: the channel may not change it.
        if self.kind == self.Kind.GOOGLE_MERCHANT and (self.markup_percent or self.rounding):
            raise ValidationError({"markup_percent": _(
                "Google Merchant must show the product page's price: no markup or rounding.")})

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.sync_schedule()

    def delete(self, *args, **kwargs):
        from django_q.models import Schedule

        Schedule.objects.filter(name=SCHEDULE_NAME.format(pk=self.pk)).delete()
        return super().delete(*args, **kwargs)

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

    channel = ParentalKey(Channel, on_delete=models.CASCADE, related_name="category_mappings")
    category = models.ForeignKey("shop.CategoryPage", on_delete=models.CASCADE, related_name="+")
    external_id = models.CharField(
        max_length=64,
        help_text=_("The channel's category id (Google product category, Prom or Rozetka id)."),
    )
    gender = models.CharField(max_length=8, choices=Gender.choices, blank=True)
    age_group = models.CharField(max_length=8, choices=AgeGroup.choices, blank=True)

    panels = [PageChooserPanel("category", page_type="shop.CategoryPage"),
              FieldRowPanel([FieldPanel("external_id"), FieldPanel("gender"), FieldPanel("age_group")])]

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel", "category"],
                                               name="unique_channel_category")]

    def __str__(self):
        return f"{self.category} -> {self.external_id}"
