"""Catalog administration in Wagtail: products, attributes, warehouses."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from shop.models import AttributeDefinition, AttributeOption, Product, Warehouse


class ProductViewSet(SnippetViewSet):
    model = Product
    icon = "tag"
    menu_label = "Products"
    list_display = ["name", "current_price", "total_stock", "status", "supplier", "category"]
    list_filter = ["status", "supplier", "in_stock"]
    search_fields = ["name", "supplier_sku"]
    search_backend_name = None


class AttributeViewSet(SnippetViewSet):
    model = AttributeDefinition
    icon = "list-ul"
    menu_label = "Attributes"
    list_display = ["name", "slug", "filterable", "show_on_tile"]


class AttributeOptionViewSet(SnippetViewSet):
    model = AttributeOption
    add_to_admin_menu = False
    list_display = ["value", "definition", "slug"]
    search_fields = ["value", "keywords"]
    search_backend_name = None


class WarehouseViewSet(SnippetViewSet):
    model = Warehouse
    icon = "home"
    list_display = ["name", "kind", "priority"]


class CatalogGroup(SnippetViewSetGroup):
    menu_label = "Catalog"
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (ProductViewSet, AttributeViewSet, WarehouseViewSet)


register_snippet(CatalogGroup)
register_snippet(AttributeOptionViewSet)
