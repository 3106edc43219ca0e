"""What waits on the manager: supplier categories without a store category, and attribute
values no option recognises."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy

from suppliers.models import CategoryMapping, FeedItem, Supplier, UnknownAttributeValue

from .base import SupplierAdminMixin, TemplateView, url


def waiting_products():
    """Products imported from a category key (hidden until it is mapped), per mapping row."""
    counted = (FeedItem.objects.filter(supplier=OuterRef("supplier"), category_key=OuterRef("key"))
               .order_by().values("supplier").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class SupplierFilterMixin:
    def selected_supplier(self):
        value = self.request.GET.get("supplier") or ""
        return Supplier.objects.filter(pk=value).first() if value.isdigit() else None

    def filter_context(self):
        return {"suppliers": Supplier.objects.order_by("name"), "selected": self.selected_supplier()}


class UnmappedCategoriesView(SupplierFilterMixin, SupplierAdminMixin, TemplateView):
    template_name = "suppliers/admin/unmapped.html"
    page_title = gettext_lazy("Unmapped categories")
    header_icon = "folder-open-inverse"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(CategoryMapping.unmapped(self.selected_supplier()).annotate(waiting=waiting_products()))
        for row in rows:
            row.edit_url = url("edit", row.supplier_id) + "#tab-categories"
        context.update(rows=rows, total_waiting=sum(r.waiting for r in rows), **self.filter_context())
        return context


class UnknownValuesView(SupplierFilterMixin, SupplierAdminMixin, TemplateView):
    template_name = "suppliers/admin/unknown_values.html"
    page_title = gettext_lazy("Unknown attribute values")
    header_icon = "list-ul"

    def get_context_data(self, **kwargs):
        from django.urls import reverse

        context = super().get_context_data(**kwargs)
        rows = UnknownAttributeValue.objects.select_related("supplier", "definition").order_by(
            "supplier__name", "definition__name", "-product_count", "value")
        if (supplier := self.selected_supplier()) is not None:
            rows = rows.filter(supplier=supplier)
        rows = list(rows[:1000])
        for row in rows:
            row.definition_url = reverse("wagtailsnippets_shop_attributedefinition:edit",
                                         args=[row.definition_id])
        context.update(rows=rows, **self.filter_context())
        return context
