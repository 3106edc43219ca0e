"""Reusable product attributes (colour, material, season...) whose options carry keywords.

Feeds describe goods in free text ("капучино", "айворі"); keywords file that
text under an option a shopper can filter by (бежевий, білий).
"""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from shop.i18n import localized


class AttributeDefinition(ClusterableModel):
    name = models.CharField(max_length=80, verbose_name=_("name"))
    name_en = models.CharField(max_length=80, blank=True, verbose_name=_("name (English)"))
    slug = models.SlugField(unique=True, verbose_name=_("slug"))
    filterable = models.BooleanField(default=True, help_text=_("Offer it as a listing facet."),
        verbose_name=_("filterable"))
    show_on_tile = models.BooleanField(default=False, help_text=_("Show it on product tiles."),
        verbose_name=_("show on tile"))
    sort_order = models.PositiveSmallIntegerField(default=0, verbose_name=_("sort order"))

    panels = [
        FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug"),
        FieldPanel("filterable"), FieldPanel("show_on_tile"), FieldPanel("sort_order"),
        InlinePanel("options", label=_("Options")),
    ]

    class Meta:
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    @property
    def label(self):
        return localized(self, "name")

    def classify(self, text: str):
        """The option whose value or keywords occur in `text`, or None.

        Longer keywords win so "темно-синій" lands in синій, not in a shorter match.
        """
        needle = normalise_keyword(text)
        if not needle:
            return None
        best, best_len = None, 0
        for option in self.options.all():
            for keyword in option.keyword_list():
                if keyword and len(keyword) > best_len and re.search(
                    rf"(?<!\w){re.escape(keyword)}", needle
                ):
                    best, best_len = option, len(keyword)
        return best


class AttributeOption(Orderable):
    definition = ParentalKey(AttributeDefinition, on_delete=models.CASCADE, related_name="options",
        verbose_name=_("definition"))
    value = models.CharField(max_length=80, verbose_name=_("value"))
    value_en = models.CharField(max_length=80, blank=True, verbose_name=_("value (English)"))
    slug = models.SlugField(verbose_name=_("slug"))
    keywords = models.TextField(
        blank=True, help_text=_("Comma-separated words that file free text under this option."),
        verbose_name=_("keywords")
    )
    swatch = models.CharField(max_length=32, blank=True, help_text=_("CSS colour for swatches."),
        verbose_name=_("swatch"))

    panels = [
        FieldPanel("value"), FieldPanel("value_en"), FieldPanel("slug"),
        FieldPanel("keywords"), FieldPanel("swatch"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("attribute option")
        verbose_name_plural = _("attribute options")
        constraints = [
            models.UniqueConstraint(fields=["definition", "slug"], name="unique_option_slug")
        ]

    def __str__(self):
        return f"{self.definition}: {self.value}"

    @property
    def label(self):
        return localized(self, "value")

    def keyword_list(self):
        words = [self.value, self.value_en, *self.keywords.split(",")]
        return [normalise_keyword(w) for w in words if w and w.strip()]


def normalise_keyword(text: str) -> str:
    text = (text or "").lower().replace("ё", "е").replace("’", "'").replace("ʼ", "'")
    return " ".join(text.split())


class ProductAttribute(models.Model):
    """One attribute value of a product: the option it is filed under, and the feed's words."""

    product = ParentalKey("shop.Product", on_delete=models.CASCADE, related_name="attributes",
        verbose_name=_("product"))
    option = models.ForeignKey(AttributeOption, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("option"))
    raw_value = models.CharField(max_length=120, blank=True, help_text=_("As the supplier wrote it."),
        verbose_name=_("raw value"))

    panels = [FieldPanel("option"), FieldPanel("raw_value")]

    class Meta:
        verbose_name = _("product attribute")
        verbose_name_plural = _("product attributes")
        constraints = [
            models.UniqueConstraint(fields=["product", "option"], name="unique_product_option")
        ]
        indexes = [models.Index(fields=["option", "product"])]

    def __str__(self):
        return str(self.option)
