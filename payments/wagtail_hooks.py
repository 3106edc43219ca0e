"""Payments in the Wagtail admin: a read-only list of every attempt, and a section on each order."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from payments.models import Payment
from shop.orders.admin_permissions import ReadOnlyPermissionPolicy

register_permission_policy(Payment, ReadOnlyPermissionPolicy(Payment))


class PaymentViewSet(ModelViewSet):
    """Payments change only through verified provider callbacks, never by hand."""

    model = Payment
    url_namespace = "payment_admin"  # "payments" is the storefront's namespace
    icon = "form"
    menu_label = _("Payments")
    menu_order = 245
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["reference", Column("order", label=_("Order"), accessor="order"), "provider", "amount",
                    "status", "created_at"]
    list_filter = ["status", "provider", "created_at"]
    search_fields = ["reference", "provider_reference", "order__number"]
    search_backend_name = None
    inspect_view_fields = ["order", "provider", "reference", "provider_reference", "amount", "currency",
                           "status", "error", "created_at", "updated_at"]
    form_fields = []
    ordering = ["-created_at"]


@hooks.register("register_admin_viewset")
def register_payment_viewset():
    return PaymentViewSet("payments")


@hooks.register("order_inspect_panels")
def order_payments_panel(request, order):
    """The order's payment attempts and the callbacks behind each, on the order's admin page."""
    payments = order.payments.prefetch_related("callbacks").order_by("pk")
    if not payments:
        return None
    return render_to_string("payments/admin/order_panel.html", {"payments": payments}, request=request)
