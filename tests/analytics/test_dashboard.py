"""The manager's dashboard and reports: figures only for holders of "view reports", tables that
export what the aggregates hold, and the "mark popular" action reaching the home page."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from analytics import aggregate
from analytics.models import Event
from search.analytics import popular_queries
from search.models import SearchQuery
from suppliers.models import Supplier
from tests.admin.helpers import make_editor

Kind = Event.Kind
pytestmark = pytest.mark.django_db


def csv_rows(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


@pytest.fixture
def manager(db):
    client = Client()
    client.force_login(make_editor("manager", "view_reports"))
    return client


@pytest.fixture
def editor(db):
    """May open the admin and edit warehouses, but may not see reports."""
    client = Client()
    client.force_login(make_editor("editor", "change_warehouse", "view_warehouse"))
    return client


@pytest.fixture
def week(db):
    """A week of web orders from one supplier and a Prom order, aggregated; searches among them."""
    supplier = Supplier.objects.create(name="Взуттєва фабрика", slug="factory",
                                       default_markup_percent=Decimal("0"))
    today = timezone.localdate()
    events = []
    for n in range(7):
        day = today - timedelta(days=n)
        at = timezone.now() - timedelta(days=n)
        common = {"day": day, "at": at, "visitor": f"v{n}", "language": "uk"}
        events += [
            Event(kind=Kind.PRODUCT_VIEW, product_id=1, category_id=1, supplier_id=supplier.pk, **common),
            Event(kind=Kind.ORDER, order_id=n + 1, value=Decimal("1000.00"), **common),
            Event(kind=Kind.PURCHASE, order_id=n + 1, product_id=1, supplier_id=supplier.pk, quantity=1,
                  value=Decimal("1000.00"), **common),
            Event(kind=Kind.SEARCH, query="кеди", results=4, **common),
            Event(kind=Kind.SEARCH, query="мокасини хутро", results=0, **common),
        ]
    events.append(Event(kind=Kind.ORDER, order_id=99, value=Decimal("500.00"), channel="prom:3", day=today,
                        at=timezone.now()))
    Event.objects.bulk_create(events)
    aggregate.build_pending()
    return supplier


def test_a_manager_sees_the_figures(manager, week):
    home = manager.get("/admin/").content.decode()
    assert "analytics-home-panel" in home and "7500,00 ₴" in home
    page = manager.get("/admin/analytics/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="analytics-charts"' in html and "analytics/vendor/chart.umd.js" in html
    assert "Взуттєва фабрика" in html and "7000,00" in html and "Prom 3" in html
    assert page.context["now"]["orders"] == 8
    assert page.context["now"]["aov"] == Decimal("937.50")


@pytest.mark.parametrize("url", ["/admin/analytics/", "/admin/analytics/sales/", "/admin/analytics/searches/",
                                 "/admin/analytics/sync-health/", "/admin/analytics/sales/?export=csv"])
def test_an_editor_without_the_permission_sees_no_figures(editor, week, url):
    assert editor.get(url).status_code == 403


def test_the_home_page_and_menu_hide_the_figures_from_other_editors(editor, week):
    html = editor.get("/admin/").content.decode()
    assert "analytics-home-panel" not in html and "7500,00" not in html
    assert "/admin/analytics/" not in html


def test_marking_popular_needs_the_permission(editor, week):
    response = editor.post("/admin/analytics/searches/mark-popular/", {"query": "кеди", "popular": "1"})
    assert response.status_code == 403
    assert not SearchQuery.objects.filter(popular=True).exists()


def test_the_sales_csv_has_each_day_with_the_aggregated_figures(manager, week):
    today = timezone.localdate()
    start = today - timedelta(days=6)
    response = manager.get("/admin/analytics/sales/", {"start": start, "end": today, "export": "csv"})
    assert response.status_code == 200
    heading, *rows = csv_rows(response)  # day, orders, revenue, ...
    assert len(heading) == 8 and len(rows) == 7
    assert sum(Decimal(row[2]) for row in rows) == Decimal("7500.00")
    assert sum(int(row[1]) for row in rows) == 8


def test_the_supplier_and_search_reports_export_too(manager, week):
    response = manager.get("/admin/analytics/suppliers/", {"export": "csv"})
    heading, *rows = csv_rows(response)  # supplier, orders, units, revenue
    assert [(row[0], row[3]) for row in rows] == [("Взуттєва фабрика", "7000.00")]
    response = manager.get("/admin/analytics/searches/", {"zero": "1", "export": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")


def test_zero_result_searches_are_listed_and_one_can_be_marked_popular(manager, week):
    html = manager.get("/admin/analytics/searches/", {"zero": "1"}).content.decode()
    assert "мокасини хутро" in html and "кеди" not in html
    assert popular_queries() == []
    response = manager.post("/admin/analytics/searches/mark-popular/",
                            {"query": "кеди", "popular": "1", "next": "/admin/analytics/searches/"})
    assert response.status_code == 302
    assert popular_queries() == ["кеди"]  # what the home page's popular-searches block shows
    manager.post("/admin/analytics/searches/mark-popular/", {"query": "кеди", "popular": "0"})
    assert popular_queries() == []


def test_a_period_with_its_start_after_its_end_is_refused_and_the_default_shown(manager, week):
    page = manager.get("/admin/analytics/", {"start": "2026-12-31", "end": "2026-01-01"})
    assert page.status_code == 200
    assert "Початок періоду пізніший за його кінець." in page.content.decode()
    assert page.context["period"].end == timezone.localdate()


def test_the_channel_filter_keeps_one_channel(manager, week):
    page = manager.get("/admin/analytics/", {"channel": "prom:3"})
    assert page.context["now"]["orders"] == 1 and page.context["now"]["revenue"] == Decimal("500.00")


@pytest.mark.parametrize("report", ["funnel", "channels", "products", "categories", "abandoned",
                                    "back-in-stock", "sync-health", "feed-builds"])
def test_every_report_opens_and_exports(manager, week, report):
    assert manager.get(f"/admin/analytics/{report}/").status_code == 200
    response = manager.get(f"/admin/analytics/{report}/", {"export": "csv"})
    assert response.status_code == 200


def test_the_dashboard_speaks_ukrainian(manager, week):
    html = manager.get("/admin/analytics/").content.decode()
    assert "Панель продажів" in html and "Воронка конверсії" in html and "Середній чек" in html
