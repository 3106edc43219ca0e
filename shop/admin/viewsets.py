"""Snippet viewsets of the catalog: products, attribute definitions, warehouses."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, NumberColumn
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from shop.admin.columns import MoneyColumn, ProductStatusColumn, PublicationColumn, ThumbnailColumn
from shop.admin.filters import ProductFilterSet
from shop.admin.ownership import ReleaseFieldsView
from shop.admin.stock import ProductStockView
from shop.admin.views import ProductEditView, ProductIndexView
from shop.models import AttributeDefinition, AttributeOption, Product, Warehouse


class ProductViewSet(SnippetViewSet):
    model = Product
    icon = "tag"
    menu_label = _("Products")
    menu_name = "products"  # stable whatever the language of the label
    index_view_class = ProductIndexView
    edit_view_class = ProductEditView
    stock_view_class = ProductStockView

    list_per_page = 50
    ordering = "-updated_at"
    list_display = [
        ThumbnailColumn(),
        "name",
        MoneyColumn("current_price", label=_("Price"), sort_key="current_price"),
        NumberColumn("total_stock", label=_("Stock"), sort_key="total_stock"),
        ProductStatusColumn(),
        PublicationColumn(),
        "supplier",
        "category",
    ]
    filterset_class = ProductFilterSet
    # The admin searches with the ORM (ProductIndexView.search_queryset adds size SKUs and
    # barcodes); search_fields also serve the product chooser.
    search_fields = ["name", "name_en", "supplier_sku"]
    search_backend_name = None

    list_export = [
        "id", "name", "name_en", "brand", "supplier", "supplier_sku", "size_skus", "category",
        "get_status_display", "live", "supplier_price", "price", "sale_price", "current_price",
        "total_stock", "in_stock", "slug",
    ]
    export_headings = {
        "id": "ID",
        "supplier": _("Supplier"),
        "supplier_sku": _("Supplier SKU"),
        "size_skus": _("Sizes and SKUs"),
        "category": _("Category"),
        "get_status_display": _("Status"),
        "live": _("Published"),
        "current_price": _("Current price"),
    }
    export_filename = "products"

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(stock_url_name=self.get_url_name("stock"), **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(stock_url_name=self.get_url_name("stock"),
                                            release_url_name=self.get_url_name("release_fields"), **kwargs)

    @property
    def stock_view(self):
        return self.construct_view(
            self.stock_view_class, model=self.model, breadcrumbs_items=self.breadcrumbs_items,
            index_url_name=self.get_url_name("list"), edit_url_name=self.get_url_name("edit"),
        )

    @property
    def release_fields_view(self):
        return self.construct_view(
            ReleaseFieldsView, model=self.model, breadcrumbs_items=self.breadcrumbs_items,
            index_url_name=self.get_url_name("list"), edit_url_name=self.get_url_name("edit"),
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(f"<{self.pk_path_converter}:pk>/stock/", self.stock_view, name="stock"),
            path(f"<{self.pk_path_converter}:pk>/release/", self.release_fields_view,
                 name="release_fields"),
        ]


class AttributeViewSet(SnippetViewSet):
    model = AttributeDefinition
    icon = "list-ul"
    menu_label = _("Attributes")
    menu_name = "attributes"
    list_display = [
        "name", "slug",
        BooleanColumn("filterable", label=_("Filterable"), sort_key="filterable"),
        BooleanColumn("show_on_tile", label=_("On tiles"), sort_key="show_on_tile"),
        NumberColumn("sort_order", label=_("Order"), sort_key="sort_order"),
    ]
    search_fields = ["name", "name_en", "slug"]
    search_backend_name = None
    ordering = ["sort_order", "name"]


class AttributeOptionViewSet(SnippetViewSet):
    """Options are edited inline on their definition; as a snippet they give product
    attributes a searchable chooser. Not in the menu."""

    model = AttributeOption
    add_to_admin_menu = False
    list_display = ["value", "definition", "slug", "keywords"]
    list_filter = ["definition"]
    search_fields = ["value", "value_en", "keywords"]
    search_backend_name = None
    # Orderable's sort_order orders options within one definition; a reorder
    # view across all definitions would make no sense.
    sort_order_field = None

    def get_queryset(self, request):
        return AttributeOption.objects.select_related("definition")


class WarehouseViewSet(SnippetViewSet):
    model = Warehouse
    icon = "home"
    menu_label = _("Warehouses")
    menu_name = "warehouses"
    list_display = ["name", "code", "kind", "supplier",
                    NumberColumn("priority", label=_("Priority"), sort_key="priority")]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    search_backend_name = None

    def get_queryset(self, request):
        return Warehouse.objects.select_related("supplier")


class CatalogGroup(SnippetViewSetGroup):
    menu_label = _("Catalog")
    menu_name = "catalog"
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (ProductViewSet, AttributeViewSet, WarehouseViewSet)
