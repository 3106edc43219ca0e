"""The analytics admin: a Reports submenu, the dashboard, home page panels and the permission.

Only holders of analytics.view_reports see any of it: the menu items and the home panels are
hidden from other editors, and the URLs answer 403.
"""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from analytics.reports.access import can_view_reports
from analytics.reports.dashboard import DashboardView
from analytics.reports.panels import SalesPanel
from analytics.reports.views import REPORTS, MarkPopularView


@hooks.register("register_admin_urls")
def analytics_urls():
    urls = [path("analytics/", DashboardView.as_view(), name="analytics_dashboard"),
            path("analytics/searches/mark-popular/", MarkPopularView.as_view(),
                 name="analytics_mark_popular")]
    for report in REPORTS:
        slug = report.slug.replace("_", "-")
        urls += [path(f"analytics/{slug}/", report.as_view(), name=f"analytics_{report.slug}"),
                 path(f"analytics/{slug}/results/", report.as_view(results_only=True),
                      name=f"analytics_{report.slug}_results")]
    return urls


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_reports(request.user)


MENU = [("dashboard", _("Sales dashboard"), "analytics_dashboard", ""),
        ("sales", _("Sales by day"), "analytics_sales", ""),
        ("funnel", _("Conversion funnel"), "analytics_funnel", ""),
        ("channels", _("Revenue by channel"), "analytics_channels", ""),
        ("suppliers", _("Revenue by supplier"), "analytics_suppliers", ""),
        ("products", _("Top products"), "analytics_products", ""),
        ("categories", _("Top categories"), "analytics_categories", ""),
        ("searches", _("Search queries"), "analytics_searches", ""),
        ("zero-searches", _("Searches with no results"), "analytics_searches", "?zero=1"),
        ("abandoned", _("Abandoned checkouts"), "analytics_abandoned", ""),
        ("back-in-stock", _("Waiting for stock"), "analytics_back_in_stock", ""),
        ("sync-health", _("Supplier sync health"), "analytics_sync_health", ""),
        ("feed-builds", _("Feed builds per channel"), "analytics_feed_builds", "")]


@hooks.register("register_admin_menu_item")
def analytics_menu():
    items = [ReportsMenuItem(label, reverse(url_name) + query, name=f"analytics-{name}",
                             icon_name="analytics", order=index)
             for index, (name, label, url_name, query) in enumerate(MENU)]
    return SubmenuMenuItem(_("Analytics"), Menu(items=items), name="analytics", icon_name="analytics",
                           order=150)


@hooks.register("construct_homepage_panels")
def sales_panel(request, panels):
    if can_view_reports(request.user):
        panels.insert(0, SalesPanel(request))


@hooks.register("register_permissions")
def view_reports_permission():
    return Permission.objects.filter(content_type__app_label="analytics", codename="view_reports")
