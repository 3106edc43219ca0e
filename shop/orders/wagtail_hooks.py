"""Coupons, delivery and payment methods, abandoned carts and orders in the Wagtail admin."""

from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from shop.orders.admin_orders import OrderPermissionPolicy, OrderViewSet
from shop.orders.admin_permissions import ReadOnlyPermissionPolicy
from shop.orders.models import AbandonedCart, Coupon, DeliveryMethod, Order, PaymentMethod

register_permission_policy(AbandonedCart, ReadOnlyPermissionPolicy(AbandonedCart))
register_permission_policy(Order, OrderPermissionPolicy(Order))


class CouponViewSet(SnippetViewSet):
    model = Coupon
    icon = "tag"
    list_display = ["code", "kind", "value", "active", "valid_until", "usage_limit"]
    list_filter = ["active", "kind"]
    search_fields = ["code"]


class DeliveryMethodViewSet(SnippetViewSet):
    model = DeliveryMethod
    icon = "site"
    list_display = ["name", "needs", "price", "free_over", "active", "sort_order"]


class PaymentMethodViewSet(SnippetViewSet):
    model = PaymentMethod
    icon = "form"
    list_display = ["name", "kind", "active", "sort_order"]


class AbandonedCartViewSet(SnippetViewSet):
    """Read-only: what shoppers left behind, for a manager to call back."""

    model = AbandonedCart
    icon = "warning"
    list_display = ["name", "phone", "email", "item_count", "amount", "abandoned_at"]
    list_filter = ["abandoned_at"]
    search_fields = ["name", "phone", "email"]
    inspect_view_enabled = True
    inspect_view_fields = ["name", "phone", "email", "user", "lines", "amount", "started_at", "abandoned_at"]



class ShopSalesGroup(SnippetViewSetGroup):
    menu_label = pgettext_lazy("orders", "Sales")
    menu_name = "sales"  # stable whatever the language of the label
    menu_icon = "tag"
    menu_order = 250
    items = (CouponViewSet, DeliveryMethodViewSet, PaymentMethodViewSet, AbandonedCartViewSet)


register_snippet(ShopSalesGroup)


@hooks.register("register_admin_viewset")
def register_order_viewset():
    return OrderViewSet("orders")
