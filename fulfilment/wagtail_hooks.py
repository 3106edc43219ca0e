"""Fulfilment in the Wagtail admin: a "Fulfilment" menu with dispatches and shipments."""

from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from fulfilment.admin.dispatches import DispatchViewSet
from fulfilment.admin.order_panel import order_panel
from fulfilment.admin.shipments import ShipmentViewSet
from fulfilment.models import Dispatch, Shipment
from shop.orders.admin_permissions import ReadOnlyPermissionPolicy

# Nobody edits these records as forms; the actions check the model's "change" permission.
register_permission_policy(Dispatch, ReadOnlyPermissionPolicy(Dispatch))
register_permission_policy(Shipment, ReadOnlyPermissionPolicy(Shipment))


class FulfilmentGroup(ViewSetGroup):
    menu_label = gettext_lazy("Fulfilment")
    menu_icon = "mail"
    menu_order = 245
    items = (DispatchViewSet("dispatches"), ShipmentViewSet("shipments"))


@hooks.register("register_admin_viewset")
def register_fulfilment_viewsets():
    return FulfilmentGroup()


@hooks.register("order_inspect_panels")
def order_fulfilment_panel(request, order):
    """The order's dispatches and shipments (tracking, status, waybill and label) on its admin page."""
    return order_panel(request, order)
