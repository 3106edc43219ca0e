"""The admin home page's panel: the last 30 days against the 30 before, with links to the reports."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from analytics.reports import figures
from analytics.reports.period import period_from


class SalesPanel(Component):
    name = "analytics_sales"
    order = 50  # before Wagtail's own panels (100-300): the business first
    template_name = "analytics/home_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        period, _form = period_from(self.request)
        now, before = figures.totals(period), figures.totals(period.previous())
        funnel = figures.funnel(period)
        return {"now": now, "before": before, "period": period, "funnel": funnel,
                "changes": {name: figures.change(now[name], before[name]) for name in now},
                "dashboard_url": reverse("analytics_dashboard"),
                "zero_url": reverse("analytics_searches") + "?zero=1",
                "abandoned_url": reverse("analytics_abandoned"),
                "sync_url": reverse("analytics_sync_health")}
