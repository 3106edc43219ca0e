"""What IndexNow answered, under Reports: accepted batches, deferrals with their next try, and
refusals that need the key or the site URL fixed. Exportable like every Wagtail report."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from channels.models import Channel, IndexNowSubmission
from core.exports import ManagerSpreadsheetMixin

POLICY = ModelPermissionPolicy(Channel)  # who manages channels sees how their URLs went out


class IndexNowReport(ManagerSpreadsheetMixin, ReportView):
    page_title = _("IndexNow submissions")
    header_icon = "globe"
    index_url_name = "channels_indexnow"
    index_results_url_name = "channels_indexnow_results"
    permission_policy = POLICY
    permission_required = "change"
    model = IndexNowSubmission
    columns = [
        DateColumn("sent_at", label=_("Sent")),
        Column("outcome", label=_("Outcome"), accessor="get_outcome_display"),
        Column("urls", label=_("URLs")),
        Column("status_code", label=_("HTTP status")),
        Column("message", label=_("Message")),
        DateColumn("retry_at", label=_("Next try")),
    ]
    list_export = ["sent_at", "outcome", "urls", "status_code", "message", "retry_at"]

    def get_queryset(self):
        return IndexNowSubmission.objects.order_by("-sent_at", "-pk")

    def get_filename(self):
        return "indexnow-submissions"


class IndexNowMenuItem(MenuItem):
    def is_shown(self, request):
        return POLICY.user_has_permission(request.user, "change")


def menu_item():
    return IndexNowMenuItem(_("IndexNow"), reverse("channels_indexnow"), name="indexnow", icon_name="globe",
                            order=1300)
