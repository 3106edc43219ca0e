"""The fulfilment section of an order's admin page: which dispatches mailed its lines to which
supplier, and each shipment with its tracking number, status and waybill/label action."""

from django.template.loader import render_to_string
from django.urls import reverse

from fulfilment.models import Dispatch, Shipment

SHIPMENT_PERMISSION = "fulfilment.change_shipment"


def order_panel(request, order):
    dispatches = list(Dispatch.objects.filter(lines__order_line__order=order).distinct()
                      .order_by("created_at", "pk"))
    shipments = list(Shipment.objects.filter(order=order).order_by("pk"))
    if not dispatches and not shipments:
        return None
    for dispatch in dispatches:
        dispatch.admin_url = reverse("dispatch_admin:inspect", args=[dispatch.pk])
        dispatch.order_lines = [line.order_line for line in
                                dispatch.lines.filter(order_line__order=order).select_related("order_line")]
    can_change = request.user.has_perm(SHIPMENT_PERMISSION)
    for shipment in shipments:
        shipment.admin_url = reverse("shipment_admin:inspect", args=[shipment.pk])
        shipment.action_url = reverse("shipment_admin:action", args=[shipment.pk])
        shipment.label_url = reverse("shipment_admin:label", args=[shipment.pk])
        # A label exists for a Nova Poshta waybill only; a supplier's own number has none here.
        shipment.has_label = bool(shipment.label) or (
            shipment.tracking_number and shipment.carrier == Shipment.Carrier.NOVA_POSHTA
            and bool(shipment.carrier_ref))
    return render_to_string("fulfilment/admin/order_panel.html", {
        "dispatches": dispatches, "shipments": shipments, "can_change": can_change}, request=request)
