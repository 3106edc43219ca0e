"""Suppliers in the Wagtail admin: a menu item of their own, next to the Catalog."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, NumberColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from suppliers import wagtail_hooks_logging  # noqa: F401  (the sync's audit-log action names)
from suppliers.models import Supplier


class SupplierViewSet(SnippetViewSet):
    model = Supplier
    icon = "group"
    menu_label = _("Suppliers")
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

    def get_queryset(self, request):
        # One query for the whole page, not one count per supplier.
        return Supplier.objects.annotate(product_count=Count("products"))


register_snippet(SupplierViewSet)
