"""Orders in the Wagtail admin: a filtered, exportable list; a detail page with lines, customer,
history and transition buttons (POST, permission-checked)."""

import django_filters
from django import forms
from django.contrib.admin.utils import unquote
from django.http import HttpResponseForbidden, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views import View
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.generic import InspectView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from shop.admin.filters import supplier_choices
from shop.models import Warehouse
from shop.orders.models import Order, OrderLine
from shop.orders.services.states import TransitionError, allowed_transitions, transition


class OrderPermissionPolicy(ModelPermissionPolicy):
    """Orders come from checkouts: nobody adds or deletes them in the admin. "change" lets a
    manager move an order through its states and correct the customer's contact details."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class OrderFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=pgettext_lazy("orders", "State"), choices=Order.State.choices,
        widget=forms.RadioSelect, empty_label=pgettext_lazy("orders", "All"))
    payment_status = django_filters.ChoiceFilter(
        label=pgettext_lazy("orders", "Payment"), choices=Order.PaymentStatus.choices,
        widget=forms.RadioSelect, empty_label=pgettext_lazy("orders", "All"))
    created_at = django_filters.DateFromToRangeFilter(label=pgettext_lazy("orders", "Date"),
                                                      widget=DateRangePickerWidget)
    supplier = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("orders", "Supplier"), queryset=supplier_choices,
        method="filter_supplier")
    warehouse = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("orders", "Warehouse"), queryset=Warehouse.objects.all(),
        method="filter_warehouse")

    class Meta:
        model = Order
        fields = ["state", "payment_status", "created_at", "supplier", "warehouse"]

    def filter_supplier(self, queryset, name, value):
        ids = OrderLine.objects.filter(warehouse__supplier=value).values("order_id")
        return queryset.filter(pk__in=ids) if value else queryset

    def filter_warehouse(self, queryset, name, value):
        ids = OrderLine.objects.filter(warehouse=value).values("order_id")
        return queryset.filter(pk__in=ids) if value else queryset


class OrderInspectView(InspectView):
    template_name = "orders/admin/order_inspect.html"
    transition_url_name = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.object
        context.update(
            order=order,
            lines=order.lines.select_related("warehouse__supplier"),
            history=order.transitions.select_related("user"),
            transitions=[(state, Order.State(state).label) for state in allowed_transitions(order)],
            can_change=self.permission_policy.user_has_permission(self.request.user, "change"),
            transition_url=reverse(self.transition_url_name, args=[order.pk]),
            shipped=Order.State.SHIPPED,
            # Apps above shop (payments, fulfilment) add their own sections through the
            # "order_inspect_panels" hook: fn(request, order) -> rendered HTML or None.
            extra_panels=[html for fn in hooks.get_hooks("order_inspect_panels")
                          if (html := fn(self.request, order))],
        )
        return context


class OrderTransitionView(PermissionCheckedMixin, View):
    """POST only: move an order to another state with a note (and the tracking number to ship)."""

    permission_required = "change"
    inspect_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.permission_policy.user_has_permission(request.user, "change"):
            return HttpResponseForbidden(_("You may not change orders."))
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, pk):
        order = get_object_or_404(Order, pk=unquote(str(pk)))
        try:
            transition(order, request.POST.get("to_state", ""), user=request.user,
                       note=request.POST.get("note", ""),
                       tracking_number=request.POST.get("tracking_number", ""))
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Order %(number)s is now “%(state)s”.") % {
                "number": order.number, "state": Order.State(request.POST["to_state"]).label})
        return redirect(self.inspect_url_name, order.pk)


class OrderViewSet(ModelViewSet):
    model = Order
    url_prefix = "orders"
    url_namespace = "order_admin"  # "orders" is the storefront's namespace
    icon = "list-ul"
    menu_label = pgettext_lazy("orders", "Orders")
    menu_name = "orders"  # stable whatever the language of the label
    menu_order = 240
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = OrderInspectView
    list_display = ["number", "created_at", "name", "phone", "total", "state", "payment_status",
                    "delivery_name"]
    filterset_class = OrderFilterSet
    search_fields = ["number", "name", "phone", "email", "tracking_number"]
    search_backend_name = None
    ordering = ["-created_at"]
    list_per_page = 50
    form_fields = ["name", "phone", "email", "city", "branch", "address"]
    list_export = ["number", "created_at", "state", "payment_status", "name", "phone", "email",
                   "delivery_name", "city", "branch", "address", "payment_name", "coupon_code",
                   "subtotal", "discount", "delivery_cost", "total", "currency", "tracking_number",
                   "source_channel", "external_id"]
    export_filename = "orders"

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(transition_url_name=self.get_url_name("transition"), **kwargs)

    @property
    def transition_view(self):
        return self.construct_view(OrderTransitionView, inspect_url_name=self.get_url_name("inspect"),
                                   permission_policy=self.permission_policy)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(f"transition/<{self.pk_path_converter}:pk>/", self.transition_view, name="transition"),
        ]
