"""Channels in the Wagtail admin: a "Channels" menu with channels (builds, runs) and listings."""

from django.urls import path
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from channels.admin.bulk_actions import ApproveListingsBulkAction
from channels.admin.indexnow_report import IndexNowReport, menu_item
from channels.admin.orders import ImportedOrderPolicy
from channels.admin.viewsets import ChannelsGroup
from channels.models import ChannelPush, ImportedOrder, ImportRun
from shop.orders.admin_permissions import ReadOnlyPermissionPolicy

register_permission_policy(ImportedOrder, ImportedOrderPolicy(ImportedOrder))
register_permission_policy(ImportRun, ReadOnlyPermissionPolicy(ImportRun))
register_permission_policy(ChannelPush, ReadOnlyPermissionPolicy(ChannelPush))
register_snippet(ChannelsGroup)
hooks.register("register_bulk_action", ApproveListingsBulkAction)
hooks.register("register_reports_menu_item", menu_item)


@hooks.register("register_admin_urls")
def indexnow_report_urls():
    return [
        path("reports/indexnow/", IndexNowReport.as_view(), name="channels_indexnow"),
        path("reports/indexnow/results/", IndexNowReport.as_view(results_only=True),
             name="channels_indexnow_results"),
    ]


@hooks.register("order_inspect_panels")
def imported_order_panel(request, order):
    """On a marketplace order's page in the orders admin: where it came from, and a link."""
    from django.template.loader import render_to_string

    imported = ImportedOrder.objects.select_related("channel").filter(order=order).first()
    if imported is None:
        return None
    return render_to_string("channels/admin/order_panel.html", {"imported": imported}, request=request)
