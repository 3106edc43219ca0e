"""The report views under Reports > Analytics: tables with CSV and XLSX export (Wagtail's ReportView).

Figures come from the daily aggregates; the lists a manager acts on (abandoned checkouts,
subscriptions waiting, sync and feed runs) are read from the apps that own them.
"""

from django.db.models import Count, Max, Min, OuterRef, Q, Subquery, Sum
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView

from analytics.models import CategoryDay, ProductDay, QueryDay
from analytics.reports import figures
from analytics.reports.access import ReportsPermissionMixin
from analytics.reports.period import period_from
from core.exports import ManagerSpreadsheetMixin


class AnalyticsReport(ReportsPermissionMixin, ManagerSpreadsheetMixin, ReportView):
    template_name = "analytics/report.html"
    header_icon = "analytics"
    paginate_by = 100
    slug = ""  # the URL names are analytics_<slug> and analytics_<slug>_results
    uses_period = True

    @property
    def index_url_name(self):
        return f"analytics_{self.slug}"

    @property
    def index_results_url_name(self):
        return f"analytics_{self.slug}_results"

    @property
    def period(self):
        if not hasattr(self, "_period"):
            self._period, self._period_form = period_from(self.request)
        return self._period

    def get_filename(self):
        return f"{self.slug}-{self.period.start}-{self.period.end}"

    def get_heading(self, queryset, field):
        """The spreadsheet's headings are the table's column labels."""
        labels = {column.name: column.label for column in self.columns}
        if field in labels and field not in self.export_headings:
            return str(labels[field])
        return super().get_heading(queryset, field)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.period  # noqa: B018  (reads the form)
        context.update(
            period=self.period,
            period_form=self._period_form,
            uses_period=self.uses_period,
            dashboard_url=reverse("analytics_dashboard"),
        )
        return context


class SalesReport(AnalyticsReport):
    slug = "sales"
    page_title = _("Sales by day")
    columns = [
        DateColumn("day", label=_("Day")),
        Column("orders", label=pgettext_lazy("analytics", "Orders")),
        Column("revenue", label=_("Revenue")),
        Column("aov", label=_("Average order value")),
        Column("visitors", label=_("Sessions")),
        DateColumn("previous_day", label=_("Day of the previous period")),
        Column("previous_orders", label=_("Orders then")),
        Column("previous_revenue", label=_("Revenue then")),
    ]
    list_export = [
        "day",
        "orders",
        "revenue",
        "aov",
        "visitors",
        "previous_day",
        "previous_orders",
        "previous_revenue",
    ]

    def get_queryset(self):
        return figures.sales_by_day(self.period)


class FunnelReport(AnalyticsReport):
    slug = "funnel"
    page_title = _("Conversion funnel")
    columns = [
        Column("step", label=_("Step")),
        Column("visitors", label=_("Visitors")),
        Column("share", label=_("Share of sessions")),
    ]
    list_export = ["step", "visitors", "share"]

    def get_queryset(self):
        return figures.funnel(self.period)


class ChannelsReport(AnalyticsReport):
    slug = "channels"
    page_title = _("Revenue by channel")
    columns = [
        Column("channel", label=pgettext_lazy("analytics", "Channel")),
        Column("orders", label=pgettext_lazy("analytics", "Orders")),
        Column("revenue", label=_("Revenue")),
    ]
    list_export = ["channel", "orders", "revenue"]

    def get_queryset(self):
        return figures.revenue_by_channel(self.period)


class SuppliersReport(AnalyticsReport):
    slug = "suppliers"
    page_title = _("Revenue by supplier")
    columns = [
        Column("supplier", label=pgettext_lazy("analytics", "Supplier")),
        Column("orders", label=pgettext_lazy("analytics", "Orders")),
        Column("units", label=_("Units")),
        Column("revenue", label=_("Revenue")),
    ]
    list_export = ["supplier", "orders", "units", "revenue"]

    def get_queryset(self):
        return figures.revenue_by_supplier(self.period)


class ProductsReport(AnalyticsReport):
    slug = "products"
    page_title = _("Top products")
    columns = [
        Column("name", label=pgettext_lazy("analytics", "Product")),
        Column("views", label=_("Views")),
        Column("cart_adds", label=_("Added to cart")),
        Column("units", label=_("Units sold")),
        Column("revenue", label=_("Revenue")),
    ]
    list_export = ["name", "views", "cart_adds", "units", "revenue"]

    def get_queryset(self):
        return (
            self.period.filter(ProductDay.objects)
            .values("product_id")
            .annotate(
                views=Sum("views"), cart_adds=Sum("cart_adds"), units=Sum("units"), revenue=Sum("revenue")
            )
            .order_by("-revenue", "-units", "-views", "product_id")
        )

    def decorate_paginated_queryset(self, object_list):
        from shop.models import Product

        rows = list(object_list)
        names = dict(Product.objects.filter(pk__in=[r["product_id"] for r in rows]).values_list("pk", "name"))
        for row in rows:
            row["name"] = names.get(row["product_id"], f"#{row['product_id']}")
        return rows


class CategoriesReport(AnalyticsReport):
    slug = "categories"
    page_title = _("Top categories")
    columns = [
        Column("name", label=pgettext_lazy("analytics", "Category")),
        Column("listing_views", label=_("Listing views")),
        Column("product_views", label=_("Product views")),
        Column("units", label=_("Units sold")),
        Column("revenue", label=_("Revenue")),
    ]
    list_export = ["name", "listing_views", "product_views", "units", "revenue"]

    def get_queryset(self):
        return (
            self.period.filter(CategoryDay.objects)
            .values("category_id")
            .annotate(
                listing_views=Sum("listing_views"),
                product_views=Sum("product_views"),
                units=Sum("units"),
                revenue=Sum("revenue"),
            )
            .order_by("-revenue", "-units", "-product_views", "category_id")
        )

    def decorate_paginated_queryset(self, object_list):
        from shop.models import CategoryPage

        rows = list(object_list)
        names = dict(
            CategoryPage.objects.filter(pk__in=[r["category_id"] for r in rows]).values_list("pk", "title")
        )
        for row in rows:
            row["name"] = names.get(row["category_id"], f"#{row['category_id']}")
        return rows


class MarkPopularColumn(Column):
    cell_template_name = "analytics/cells/mark_popular.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context.update(csrf_token=parent_context.get("csrf_token"), request=parent_context.get("request"))
        return context


class SearchesReport(AnalyticsReport):
    """Most frequent queries, or (?zero=1) the ones that found nothing; "mark popular" puts a
    query in the home page's popular-searches block (search.SearchQuery.popular, which home
    already reads through search's template tag: analytics adds no new dependency)."""

    slug = "searches"
    page_title = _("Search queries")
    columns = [
        Column("query", label=_("Query")),
        Column("searches", label=_("Searches")),
        Column("zero_results", label=_("Searches with no results")),
        Column("results", label=_("Most results")),
        MarkPopularColumn("popular", label=_("Popular on the home page")),
    ]
    list_export = ["query", "searches", "zero_results", "results", "popular"]

    @property
    def zero_only(self):
        return self.request.GET.get("zero") == "1"

    def get_page_title(self):
        return _("Searches with no results") if self.zero_only else self.page_title

    def get_queryset(self):
        rows = (
            self.period.filter(QueryDay.objects)
            .values("query")
            .annotate(searches=Sum("searches"), zero_results=Sum("zero_results"), results=Max("results"))
        )
        if self.zero_only:
            rows = rows.filter(results=0)
        return rows.order_by("-searches", "query")

    def decorate_paginated_queryset(self, object_list):
        from search.models import SearchQuery

        rows = list(object_list)
        popular = set(
            SearchQuery.objects.filter(text__in=[r["query"] for r in rows], popular=True).values_list(
                "text", flat=True
            )
        )
        for row in rows:
            row["popular"] = row["query"] in popular
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["extra_params"] = [("zero", "1")] if self.zero_only else []
        return context


class MarkPopularView(ReportsPermissionMixin, View):
    """POST query=...&popular=1|0: show (or stop showing) a query in the home page's popular searches."""

    def post(self, request):
        from search.analytics import forget_popular
        from search.models import SearchQuery

        text = (request.POST.get("query") or "").strip()[:200]
        popular = request.POST.get("popular") == "1"
        if not text:
            messages.error(request, _("Choose a query to mark."))
        else:
            found = QueryDay.objects.filter(query=text).order_by("-day").values("results").first()
            query, _created = SearchQuery.objects.get_or_create(
                text=text, defaults={"results": found["results"] if found else 0}
            )
            query.popular = popular
            query.save(update_fields=["popular"])
            forget_popular()
            message = (
                _("“%(query)s” is shown as a popular search.")
                if popular
                else _("“%(query)s” is no longer shown as popular.")
            )
            messages.success(request, message % {"query": text})
        target = request.POST.get("next", "")
        return redirect(
            target
            if target.startswith("/") and not target.startswith("//")
            else reverse("analytics_searches")
        )


class AbandonedReport(AnalyticsReport):
    slug = "abandoned"
    page_title = _("Abandoned checkouts")
    columns = [
        DateColumn("abandoned_at", label=pgettext_lazy("analytics", "Abandoned")),
        Column("name", label=pgettext_lazy("analytics", "Customer")),
        Column("phone", label=pgettext_lazy("analytics", "Phone")),
        Column("email", label=pgettext_lazy("analytics", "E-mail")),
        Column("item_count", label=pgettext_lazy("analytics", "Items")),
        Column("amount", label=pgettext_lazy("analytics", "Value")),
    ]
    list_export = ["abandoned_at", "name", "phone", "email", "item_count", "amount"]

    def get_queryset(self):
        from shop.orders.models import AbandonedCart

        return AbandonedCart.objects.filter(
            abandoned_at__date__gte=self.period.start, abandoned_at__date__lte=self.period.end
        ).order_by("-abandoned_at")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["total_value"] = self.get_queryset().aggregate(total=Sum("amount"))["total"]
        return context


class BackInStockReport(AnalyticsReport):
    slug = "back_in_stock"
    page_title = _("Waiting for stock")
    uses_period = False
    columns = [
        Column("name", label=pgettext_lazy("analytics", "Product")),
        Column("waiting", label=_("Subscriptions waiting")),
        DateColumn("oldest", label=_("Waiting since")),
    ]
    list_export = ["name", "waiting", "oldest"]

    def get_queryset(self):
        from shop.customers.models import BackInStockSubscription

        return (
            BackInStockSubscription.objects.filter(queued_at__isnull=True)
            .values("product_id", "product__name")
            .annotate(waiting=Count("pk"), oldest=Min("created_at"))
            .order_by("-waiting", "oldest")
        )

    def decorate_paginated_queryset(self, object_list):
        rows = list(object_list)
        for row in rows:
            row["name"] = row["product__name"]
        return rows


class SyncHealthReport(AnalyticsReport):
    slug = "sync_health"
    page_title = _("Supplier sync health")
    uses_period = False
    columns = [
        Column("name", label=pgettext_lazy("analytics", "Supplier")),
        DateColumn("last_run", label=pgettext_lazy("analytics", "Last run")),
        Column("status", label=pgettext_lazy("analytics", "Status")),
        Column("changes", label=_("Changes")),
        Column("warnings", label=pgettext_lazy("analytics", "Warnings")),
        Column("error", label=pgettext_lazy("analytics", "Error")),
    ]
    list_export = ["name", "last_run", "status", "changes", "warnings", "error"]

    def get_queryset(self):
        from suppliers.models import Supplier, SyncRun

        last = SyncRun.objects.filter(supplier=OuterRef("pk")).order_by("-started_at", "-pk")
        return Supplier.objects.annotate(last_run_id=Subquery(last.values("pk")[:1])).order_by("name")

    def decorate_paginated_queryset(self, object_list):
        from suppliers.models import SyncRun

        suppliers = list(object_list)
        runs = SyncRun.objects.in_bulk([s.last_run_id for s in suppliers if s.last_run_id])
        rows = []
        for supplier in suppliers:
            run = runs.get(supplier.last_run_id)
            rows.append(
                {
                    "name": supplier.name,
                    "last_run": run.started_at if run else None,
                    "status": run.get_status_display() if run else _("Never run"),
                    "changes": (run.created + run.updated + run.unpublished + run.stock_changed)
                    if run
                    else 0,
                    "warnings": run.warnings_total if run else 0,
                    "error": run.error[:200] if run else "",
                }
            )
        return rows


class FeedBuildsReport(AnalyticsReport):
    slug = "feed_builds"
    page_title = _("Feed builds per channel")
    columns = [
        Column("name", label=pgettext_lazy("analytics", "Channel")),
        Column("builds", label=_("Builds in the period")),
        Column("failed", label=_("Failed or rejected")),
        DateColumn("last_run", label=pgettext_lazy("analytics", "Last build")),
        Column("status", label=pgettext_lazy("analytics", "Status")),
        Column("products", label=pgettext_lazy("analytics", "Products")),
        Column("refused", label=pgettext_lazy("analytics", "Refused")),
    ]
    list_export = ["name", "builds", "failed", "last_run", "status", "products", "refused"]

    def get_queryset(self):
        from channels.models import Channel

        return Channel.objects.order_by("name")

    def decorate_paginated_queryset(self, object_list):
        from channels.models import FeedRun

        channels = list(object_list)
        runs = FeedRun.objects.filter(
            channel__in=channels,
            started_at__date__gte=self.period.start,
            started_at__date__lte=self.period.end,
        )
        counts = {
            r["channel_id"]: r
            for r in runs.values("channel_id").annotate(
                builds=Count("pk"),
                failed=Count("pk", filter=Q(status__in=[FeedRun.Status.FAILED, FeedRun.Status.REJECTED])),
            )
        }
        rows = []
        for channel in channels:
            last = channel.runs.order_by("-started_at", "-pk").first()
            found = counts.get(channel.pk, {})
            rows.append(
                {
                    "name": channel.name,
                    "builds": found.get("builds", 0),
                    "failed": found.get("failed", 0),
                    "last_run": last.started_at if last else None,
                    "status": last.get_status_display() if last else _("Never built"),
                    "products": last.products if last else 0,
                    "refused": last.refused if last else 0,
                }
            )
        return rows


REPORTS = [
    SalesReport,
    FunnelReport,
    ChannelsReport,
    SuppliersReport,
    ProductsReport,
    CategoriesReport,
    SearchesReport,
    AbandonedReport,
    BackInStockReport,
    SyncHealthReport,
    FeedBuildsReport,
]
