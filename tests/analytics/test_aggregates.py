"""The daily tables say what the raw events say, rebuilding a day changes nothing, old events go."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db.models import Count, Sum
from django.utils import timezone

from analytics import aggregate, tasks
from analytics.models import CategoryDay, DayTotals, Event, ProductDay, QueryDay, SupplierDay

Kind = Event.Kind
pytestmark = pytest.mark.django_db
NOVEMBER = [date(2026, 11, 1) + timedelta(days=n) for n in range(30)]


def seed_month(seed=18):
    """A month of made-up traffic on two channels: visitors browse, some buy, some pay."""
    rng = random.Random(seed)
    events, order_id = [], 0
    for day in NOVEMBER:
        at = timezone.make_aware(datetime.combine(day, time(12)))
        for n in range(rng.randint(5, 25)):
            visitor, channel = f"v{day:%d}{n:03d}", rng.choice(["web", "web", "prom:3"])
            product, category, supplier = rng.randint(1, 6), rng.randint(1, 3), rng.randint(1, 2)
            common = {"day": day, "at": at, "visitor": visitor, "channel": channel, "language": "uk"}
            events.append(Event(kind=Kind.LISTING_VIEW, category_id=category, **common))
            for _ in range(rng.randint(1, 3)):
                events.append(Event(kind=Kind.PRODUCT_VIEW, product_id=product, category_id=category,
                                    supplier_id=supplier, **common))
            query = rng.choice(["кеди", "чоботи зимові", "qwerty"])
            events.append(Event(kind=Kind.SEARCH, query=query, results=0 if query == "qwerty" else 4,
                                **common))
            if rng.random() < 0.5:
                quantity = rng.randint(1, 2)
                events.append(Event(kind=Kind.CART_ADD, product_id=product, category_id=category,
                                    supplier_id=supplier, quantity=quantity, **common))
                if rng.random() < 0.6:
                    value = Decimal(rng.randint(900, 4000)) * quantity
                    events.append(Event(kind=Kind.CHECKOUT, value=value, **common))
                    if rng.random() < 0.7:
                        order_id += 1
                        events.append(Event(kind=Kind.ORDER, order_id=order_id, value=value, **common))
                        events.append(Event(kind=Kind.PURCHASE, order_id=order_id, product_id=product,
                                            category_id=category, supplier_id=supplier, quantity=quantity,
                                            value=value, **common))
                        if rng.random() < 0.5:
                            events.append(Event(kind=Kind.PAID, order_id=order_id, value=value,
                                                **{**common, "visitor": ""}))
    Event.objects.bulk_create(events)


def visitors(events):
    return events.exclude(visitor="").values("visitor").distinct().count()


def test_a_seeded_month_adds_up_to_the_events():
    seed_month()
    aggregate.build_pending(today=NOVEMBER[-1])

    for day in (NOVEMBER[0], NOVEMBER[14], NOVEMBER[-1]):
        events = Event.objects.filter(day=day)
        for channel in ("web", "prom:3"):
            mine = events.filter(channel=channel)
            row = DayTotals.objects.get(day=day, channel=channel)
            assert row.visitors == visitors(mine)  # a payment callback is nobody's visit
            assert row.product_viewers == visitors(mine.filter(kind=Kind.PRODUCT_VIEW))
            assert row.product_views == mine.filter(kind=Kind.PRODUCT_VIEW).count()
            assert row.orders == mine.filter(kind=Kind.ORDER).count()
            assert row.revenue == (mine.filter(kind=Kind.ORDER).aggregate(s=Sum("value"))["s"] or 0)
            assert row.paid_orders == mine.filter(kind=Kind.PAID).count()
            paid_ids = mine.filter(kind=Kind.PAID).values("order_id")
            assert row.paid_visitors == visitors(Event.objects.filter(kind=Kind.ORDER, order_id__in=paid_ids))

    month = Event.objects.all()
    totals = DayTotals.objects.aggregate(views=Sum("product_views"), orders=Sum("orders"),
                                         revenue=Sum("revenue"), searches=Sum("searches"),
                                         carts=Sum("cart_adds"))
    assert totals == {
        "views": month.filter(kind=Kind.PRODUCT_VIEW).count(),
        "orders": month.filter(kind=Kind.ORDER).count(),
        "revenue": month.filter(kind=Kind.ORDER).aggregate(s=Sum("value"))["s"],
        "searches": month.filter(kind=Kind.SEARCH).count(),
        "carts": month.filter(kind=Kind.CART_ADD).aggregate(s=Sum("quantity"))["s"]}
    purchases = month.filter(kind=Kind.PURCHASE)
    assert ProductDay.objects.aggregate(u=Sum("units"))["u"] == purchases.aggregate(u=Sum("quantity"))["u"]
    assert ProductDay.objects.aggregate(v=Sum("views"))["v"] == totals["views"]
    for supplier in (1, 2):
        mine = purchases.filter(supplier_id=supplier)
        rows = SupplierDay.objects.filter(supplier_id=supplier)
        assert rows.aggregate(r=Sum("revenue"), o=Sum("orders")) == {
            "r": mine.aggregate(s=Sum("value"))["s"], "o": mine.values("order_id").distinct().count()}
    assert CategoryDay.objects.filter(category_id=2).aggregate(v=Sum("listing_views"))["v"] == month.filter(
        kind=Kind.LISTING_VIEW, category_id=2).count()
    assert {q["query"]: (q["s"], q["z"]) for q in QueryDay.objects.values("query").annotate(
        s=Sum("searches"), z=Sum("zero_results"))} == {
        q["query"]: (q["n"], q["n"] if q["query"] == "qwerty" else 0)
        for q in month.filter(kind=Kind.SEARCH).values("query").annotate(n=Count("pk"))}


def test_rebuilding_gives_the_same_rows_and_only_open_days_are_rebuilt():
    seed_month()
    aggregate.build_pending(today=NOVEMBER[-1])
    before = list(DayTotals.objects.order_by("day", "channel").values_list(
        "day", "channel", "visitors", "orders", "revenue"))
    assert aggregate.build_pending(today=NOVEMBER[-1]) == [NOVEMBER[-2], NOVEMBER[-1]]
    assert list(DayTotals.objects.order_by("day", "channel").values_list(
        "day", "channel", "visitors", "orders", "revenue")) == before


def test_events_older_than_the_retention_are_pruned_and_the_aggregates_stay(settings):
    settings.ANALYTICS_RETENTION_DAYS = 10
    seed_month()
    aggregate.build_pending(today=NOVEMBER[-1])
    kept_rows = DayTotals.objects.count()
    aggregate.prune(today=NOVEMBER[-1])
    assert Event.objects.order_by("day").first().day == NOVEMBER[-1] - timedelta(days=10)
    assert DayTotals.objects.count() == kept_rows


def test_the_scheduled_task_writes_its_buffer_aggregates_and_prunes(settings):
    settings.ANALYTICS_BUFFER_SIZE = 100
    from analytics import recorder

    today = timezone.localdate()
    recorder.add(Event(kind=Kind.SEARCH, at=timezone.now(), day=today, query="кеди", results=3, visitor="a"))
    Event.objects.create(kind=Kind.SEARCH, at=timezone.now(), day=today - timedelta(days=400), query="old",
                         results=1, visitor="b")
    assert "1 events pruned" in tasks.aggregate_and_prune()
    assert QueryDay.objects.get(day=today).query == "кеди"


def test_the_schedule_is_installed():
    from django_q.models import Schedule

    assert Schedule.objects.get(func="analytics.tasks.aggregate_and_prune").minutes == 15
