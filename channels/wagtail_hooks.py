"""Channels in the Wagtail admin: a "Channels" menu with channels (builds, runs) and listings."""

from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from channels.admin.bulk_actions import ApproveListingsBulkAction
from channels.admin.indexnow_report import IndexNowReport, menu_item
from channels.admin.viewsets import ChannelsGroup

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
