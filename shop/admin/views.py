"""Index and edit views of the product snippet."""

from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Cast, Lower
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BaseColumn, BulkActionsCheckboxColumn
from wagtail.admin.widgets.button import Button
from wagtail.coreutils import multigetattr
from wagtail.images.models import Rendition
from wagtail.models import Revision
from wagtail.snippets.views.snippets import EditView, IndexView

from core.exports import ManagerSpreadsheetMixin
from shop.admin.columns import THUMBNAIL_SPEC
from shop.models import ProductImage, Variant


class StockLinkMixin:
    """Both views link to the stock grid; its URL name comes from the viewset."""

    stock_url_name = None

    def get_stock_url(self, instance):
        if self.stock_url_name and self.user_has_permission("change"):
            return reverse(self.stock_url_name, args=(quote(instance.pk),))


class ProductIndexView(ManagerSpreadsheetMixin, StockLinkMixin, IndexView):
    title_field = "name"

    @cached_property
    def columns(self):
        """Like Wagtail's, but the linked title column is `name` even though the photo comes first."""
        columns = [BulkActionsCheckboxColumn("bulk_actions", obj_type="snippet")]
        for field in self.list_display:
            if isinstance(field, BaseColumn):
                columns.append(field)
            elif field == self.title_field:
                columns.append(self._get_title_column(field))
            else:
                columns.append(self._get_custom_column(field))
        return columns

    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("supplier", "category")
        if self.is_export:
            return queryset.prefetch_related("variants")
        return queryset.prefetch_related(
            Prefetch(
                "images",
                queryset=ProductImage.objects.select_related("image").prefetch_related(
                    Prefetch("image__renditions",
                             queryset=Rendition.objects.filter(filter_spec=THUMBNAIL_SPEC))
                ),
            )
        ).annotate(_scheduled=Exists(self.scheduled_revisions()))

    def scheduled_revisions(self):
        return Revision.objects.filter(
            base_content_type=ContentType.objects.get_for_model(self.model),
            object_id=Cast(OuterRef("pk"), CharField()),
            approved_go_live_at__isnull=False,
        )

    def search_queryset(self, queryset):
        """Name (both languages), brand, supplier SKU, and a size's SKU or barcode, from the ORM.

        Compared lower-cased on both sides (Lower, which core.sqlite makes Unicode-aware on
        SQLite too), so "лофери" finds "Лофери" whatever the database."""
        if not self.is_searching:
            return queryset
        term = self.search_query.strip().lower()
        sizes = Variant.objects.filter(product=OuterRef("pk")).annotate(sku_folded=Lower("sku")).filter(
            Q(sku_folded__contains=term) | Q(barcode=term)
        )
        folded = {f"{field}_folded": Lower(field) for field in ("name", "name_en", "brand", "supplier_sku")}
        return queryset.annotate(**folded).filter(
            Q(Exists(sizes)) | Q.create([(f"{name}__contains", term) for name in folded], connector=Q.OR)
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if stock_url := self.get_stock_url(instance):
            buttons.append(MenuItem(_("Stock by warehouse"), url=stock_url, icon_name="table",
                                    priority=15))
        return buttons

    def to_row_dict(self, item):
        row = {}
        for field in self.list_export:
            if field == "size_skus":
                # Every size with its SKU, e.g. "38: NB-38; 39: NB-39" (variants are prefetched).
                row[field] = "; ".join(
                    f"{v.size}: {v.sku}" if v.sku else v.size for v in item.variants.all()
                )
            else:
                row[field] = multigetattr(item, field)
        return row


class ProductEditView(StockLinkMixin, EditView):
    release_url_name = None

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if stock_url := self.get_stock_url(self.object):
            buttons.append(Button(_("Stock by warehouse"), url=stock_url, icon_name="table",
                                  priority=5))
        if self.object.sync_id and self.object.manual_fields and self.release_url_name:
            buttons.append(Button(_("Give fields back to the feed"), icon_name="resubmit", priority=6,
                                  url=reverse(self.release_url_name, args=(quote(self.object.pk),))))
        return buttons
