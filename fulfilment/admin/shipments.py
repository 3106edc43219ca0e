"""Shipments in the admin: tracking per supplier shipment, waybills, labels and returns."""

import django_filters
from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from fulfilment.admin.actions import ActionView
from fulfilment.models import Shipment
from fulfilment.novaposhta.waybills import WaybillError, create_waybill, fetch_label
from fulfilment.returns import ReturnError, receive_return
from fulfilment.shipments import record_tracking, shipping_progress

PERMISSION = "fulfilment.change_shipment"


class ShipmentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=Shipment.Status.choices, widget=forms.RadioSelect,
                                         empty_label=gettext_lazy("All"))

    class Meta:
        model = Shipment
        fields = ["status", "carrier"]


class ShipmentInspectView(InspectView):
    template_name = "fulfilment/admin/shipment_inspect.html"
    action_url_name = label_url_name = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shipment = self.object
        shipped, total = shipping_progress(shipment.order)
        context.update(
            shipment=shipment, order=shipment.order, lines=shipment.lines, shipped=shipped, total=total,
            siblings=shipment.order.shipments.exclude(pk=shipment.pk),
            can_change=self.request.user.has_perm(PERMISSION),
            action_url=reverse(self.action_url_name, args=[shipment.pk]),
            label_url=reverse(self.label_url_name, args=[shipment.pk]),
            order_url=reverse("order_admin:inspect", args=[shipment.order_id]),
            returning=shipment.status == Shipment.Status.RETURNING)
        return context


class ShipmentActionView(ActionView):
    """POST action=tracking (with tracking_number) | waybill | return."""

    permission = PERMISSION
    inspect_url_name = None

    def post(self, request, pk):
        shipment = get_object_or_404(Shipment.objects.select_related("order"), pk=pk)
        action = request.POST.get("action")
        try:
            if action == "tracking":
                record_tracking(shipment, request.POST.get("tracking_number", ""), user=request.user)
                messages.success(request, _("Tracking number saved."))
            elif action == "waybill":
                shipment = create_waybill(shipment, user=request.user)
                messages.success(request, _("Waybill %(number)s created.") % {
                    "number": shipment.tracking_number})
            elif action == "return":
                receive_return(shipment, user=request.user)
                messages.success(request, _("The goods are back in stock."))
            else:
                messages.error(request, _("Unknown action."))
        except (ValueError, WaybillError, ReturnError) as error:
            messages.error(request, str(error))
        return redirect(self.inspect_url_name, pk)


class ShipmentLabelView(ActionView):
    """The carrier's label PDF (downloaded once, then served from storage)."""

    permission = "fulfilment.view_shipment"
    methods = ("GET",)
    inspect_url_name = None

    def get(self, request, pk):
        shipment = get_object_or_404(Shipment, pk=pk)
        try:
            pdf = fetch_label(shipment)
        except WaybillError as error:
            messages.error(request, str(error))
            return redirect(self.inspect_url_name, pk)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="label-{shipment.tracking_number}.pdf"'
        return response


class ShipmentViewSet(ModelViewSet):
    model = Shipment
    url_prefix = "shipments"
    url_namespace = "shipment_admin"
    icon = "site"
    menu_label = gettext_lazy("Shipments")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_class = ShipmentInspectView
    list_display = ["order", "warehouse_name", "tracking_number", "status", "status_code", "tracked_at"]
    filterset_class = ShipmentFilterSet
    search_fields = ["order__number", "tracking_number", "warehouse_name"]
    search_backend_name = None
    form_fields = []
    ordering = ["-created_at"]

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(action_url_name=self.get_url_name("action"),
                                               label_url_name=self.get_url_name("label"), **kwargs)

    def get_urlpatterns(self):
        inspect = self.get_url_name("inspect")
        return super().get_urlpatterns() + [
            path("action/<int:pk>/", ShipmentActionView.as_view(inspect_url_name=inspect), name="action"),
            path("label/<int:pk>/", ShipmentLabelView.as_view(inspect_url_name=inspect), name="label"),
        ]
