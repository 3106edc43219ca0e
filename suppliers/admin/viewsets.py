"""The Supplier snippet viewset: its CRUD views plus the overview and the pages around syncs."""

from __future__ import annotations

from django.db.models import Count
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import BooleanColumn, NumberColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from suppliers.connectors.credentials import ALL_FIELDS
from suppliers.models import Supplier

from . import mapping, name_rules, views
from .forms import SupplierForm


def connector_panel():
    """The store connector's write-only secrets and its full-run interval (forms.SupplierForm)."""
    return MultiFieldPanel([FieldPanel(name) for name in ALL_FIELDS]
                           + [FieldPanel("clear_credentials"), FieldPanel("full_sync_hours")],
                           heading=_("Store connector (WooCommerce, Shopify, Magento)"))


def supplier_panels():
    """The model's panels with the connector's secrets after the feed and the name-rule tester
    right after the rules."""
    panels = []
    for panel in Supplier.panels:
        if isinstance(panel, FieldPanel) and panel.field_name == "full_sync_hours":
            continue  # shown with the connector's fields
        panels.append(panel)
        if isinstance(panel, MultiFieldPanel) and any(
                getattr(child, "field_name", "") == "feed_url" for child in panel.children):
            panels.append(connector_panel())
        if isinstance(panel, FieldPanel) and panel.field_name == "name_rules":
            panels.append(name_rules.NameRulesPanel(heading=_("Try the rules")))
    return panels


class SupplierViewSet(SnippetViewSet):
    model = Supplier
    icon = "group"
    menu_label = _("Suppliers")
    menu_name = "suppliers"  # stable whatever the language of the label
    add_to_admin_menu = True
    menu_order = 210
    list_display = [
        "name", "slug", "default_markup_percent",
        NumberColumn("product_count", label=_("Products"), sort_key="product_count"),
        BooleanColumn("active", label=_("Active"), sort_key="active"),
    ]
    list_filter = ["active"]
    search_fields = ["name", "slug"]
    search_backend_name = None
    edit_handler = TabbedInterface([
        ObjectList(supplier_panels(), heading=_("Supplier")),
        ObjectList([InlinePanel("category_mappings", label=_("Category"))], heading=_("Categories")),
        ObjectList([InlinePanel("attribute_mappings", label=_("Parameter"))], heading=_("Attributes")),
    ], base_form_class=SupplierForm)

    def get_queryset(self, request):
        # One query for the whole page, not one count per supplier.
        return Supplier.objects.annotate(product_count=Count("products"))

    @cached_property
    def menu_url(self):
        return reverse(self.get_url_name("overview"))

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("overview/", views.OverviewView.as_view(), name="overview"),
            path("status.json", views.StatusView.as_view(), name="status"),
            path("sync/<int:pk>/", views.SyncNowView.as_view(), name="sync"),
            path("sync-all/", views.SyncAllView.as_view(), name="sync_all"),
            path("runs/<int:pk>/", views.SupplierRunsView.as_view(), name="runs"),
            path("run/<int:pk>/", views.RunDetailView.as_view(), name="run"),
            path("unmapped-categories/", mapping.UnmappedCategoriesView.as_view(), name="unmapped"),
            path("unknown-values/", mapping.UnknownValuesView.as_view(), name="unknown_values"),
            path("name-rules/", name_rules.NameRulesTestView.as_view(), name="name_rules"),
            path("convert-webp/", views.ConvertWebpView.as_view(), name="convert_webp"),
        ]
