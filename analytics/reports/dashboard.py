"""The sales dashboard: key figures against the previous period, and charts that are also tables.

The charts' data reach the page through json_script (no inline script: the admin's CSP and our
own habit); analytics/static/analytics/dashboard.js draws them with the vendored Chart.js.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from analytics.reports import figures
from analytics.reports.access import ReportsPermissionMixin
from analytics.reports.period import period_from


class DashboardView(ReportsPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "analytics/dashboard.html"
    page_title = _("Sales dashboard")
    header_icon = "analytics"

    def get_breadcrumbs_items(self):
        return [{"url": reverse("wagtailadmin_home"), "label": pgettext_lazy("analytics", "Home")},
                {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period, form = period_from(self.request)
        now, before = figures.totals(period), figures.totals(period.previous())
        sales = figures.sales_by_day(period)
        funnel = figures.funnel(period)
        channels = figures.revenue_by_channel(period)
        suppliers = figures.revenue_by_supplier(period)
        context.update({
            "form": form, "period": period, "previous": period.previous(), "now": now, "before": before,
            "changes": {name: figures.change(now[name], before[name]) for name in now},
            "sales": sales, "funnel": funnel, "channels": channels, "suppliers": suppliers,
            "charts": {
                "sales": {"labels": [str(r["day"]) for r in sales],
                          "current": [float(r["revenue"]) for r in sales],
                          "previous": [float(r["previous_revenue"]) for r in sales],
                          "orders": [r["orders"] for r in sales],
                          "currentLabel": str(_("Revenue")), "previousLabel": str(_("Previous period")),
                          "ordersLabel": str(pgettext_lazy("analytics", "Orders"))},
                "funnel": {"labels": [r["step"] for r in funnel], "values": [r["visitors"] for r in funnel],
                           "label": str(_("Visitors"))},
                "channels": {"labels": [r["channel"] for r in channels],
                             "values": [float(r["revenue"]) for r in channels], "label": str(_("Revenue"))},
                "suppliers": {"labels": [r["supplier"] for r in suppliers],
                              "values": [float(r["revenue"]) for r in suppliers], "label": str(_("Revenue"))},
            },
        })
        return context
