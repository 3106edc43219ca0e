"""Listing columns for the product snippet: thumbnail, money, short status, publication state."""

import logging

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, StatusTagColumn

from shop.models import Product

logger = logging.getLogger(__name__)

# Small enough for a table row; prefetched by ProductIndexView so the listing
# costs the same number of queries whatever the page size.
THUMBNAIL_SPEC = "fill-60x60"

STATUS_LABELS = {
    Product.Status.ACTIVE: _("Active"),
    Product.Status.HIDDEN: _("Hidden"),
    Product.Status.DISABLED: _("Disabled"),
}


def format_money(amount):
    """1299.00 -> "1 299,00 ₴" in Ukrainian, "1,299.00 ₴" in English."""
    if amount is None:
        return ""
    return f"{number_format(amount, 2, use_l10n=True, force_grouping=True)} ₴"


class ThumbnailColumn(Column):
    cell_template_name = "shop/admin/thumbnail_cell.html"

    def __init__(self, name="thumbnail", spec=THUMBNAIL_SPEC, **kwargs):
        kwargs.setdefault("label", _("Photo"))
        kwargs.setdefault("width", "76px")
        super().__init__(name, **kwargs)
        self.spec = spec

    def get_value(self, instance):
        image = instance.first_image
        if image is None:
            return None
        try:
            return image.get_rendition(self.spec)
        except Exception:  # a missing or broken original must not break the whole listing
            logger.warning("No thumbnail for product %s (image %s)", instance.pk, image.pk, exc_info=True)
            return None


class MoneyColumn(Column):
    def get_value(self, instance):
        return format_money(super().get_value(instance))


class ProductStatusColumn(StatusTagColumn):
    """Active / hidden / disabled as a tag; the long choice labels do not fit a table cell."""

    def __init__(self, **kwargs):
        super().__init__(
            "status", label=_("Status"), sort_key="status",
            primary=lambda product: product.status == Product.Status.ACTIVE, **kwargs,
        )

    def get_value(self, instance):
        return STATUS_LABELS.get(instance.status, instance.status)


class PublicationColumn(StatusTagColumn):
    """Live / draft, like Wagtail's LiveStatusTagColumn but without its query per row.

    Wagtail's column asks the database for a scheduled revision of every row;
    ProductIndexView annotates `_scheduled` instead.
    """

    def __init__(self, **kwargs):
        super().__init__(
            "publication", label=_("Live"), sort_key="live",
            primary=lambda product: product.live, **kwargs,
        )

    def get_value(self, instance):
        scheduled = getattr(instance, "_scheduled", False)
        if not instance.live:
            if instance.expired:
                return _("expired")
            return _("scheduled") if scheduled else _("draft")
        if scheduled:
            return _("live + scheduled")
        return _("live + draft") if instance.has_unpublished_changes else _("live")
