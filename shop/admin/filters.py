"""Filters of the product listing (django-filter, rendered by Wagtail's filter drawer)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.models import Locale

from shop.models import CategoryPage, Product


def supplier_choices(request=None):
    """Every supplier. The model belongs to the suppliers app, a layer above shop: shop knows
    it only through the lazy foreign key Product.supplier declares, never by import."""
    return Product._meta.get_field("supplier").related_model.objects.all()


def category_choices(request):
    """Categories of the default language (products point at those), in tree order."""
    return CategoryPage.objects.filter(locale=Locale.get_default()).order_by("path")


class CategoryChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        # Indent by depth so the flat select still reads as a tree. Categories
        # sit at depth 4 (root > home > catalog > category).
        return "— " * max(obj.depth - 4, 0) + obj.title


class CategoryFilter(django_filters.ModelChoiceFilter):
    field_class = CategoryChoiceField


class ProductFilterSet(WagtailFilterSet):
    supplier = django_filters.ModelChoiceFilter(
        label=_("Supplier"), queryset=supplier_choices, empty_label=_("All suppliers"),
    )
    category = CategoryFilter(
        label=_("Category"), queryset=category_choices, method="filter_category",
        empty_label=_("All categories"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Product.Status.choices, widget=forms.RadioSelect,
        empty_label=_("All"),
    )
    in_stock = django_filters.BooleanFilter(label=_("In stock"), widget=BooleanRadioSelect)
    live = django_filters.BooleanFilter(label=_("Published"), widget=BooleanRadioSelect)

    class Meta:
        model = Product
        fields = ["supplier", "category", "status", "in_stock", "live"]

    def filter_category(self, queryset, name, value):
        """A category also lists the products of its subcategories, as the storefront does."""
        if not value:
            return queryset
        return queryset.filter(category__path__startswith=value.path)
