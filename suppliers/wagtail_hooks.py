from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from suppliers.models import Supplier


class SupplierViewSet(SnippetViewSet):
    model = Supplier
    icon = "group"
    menu_label = "Suppliers"
    add_to_admin_menu = True
    menu_order = 210
    list_display = ["name", "slug", "default_markup_percent", "active"]


register_snippet(SupplierViewSet)
