"""Building the daily aggregates from the raw events, a day at a time.

A day is rebuilt whole (its rows deleted and written again in one transaction), so running it
twice gives the same rows; `build_pending` rebuilds only the days that can still change: every
day since the last one built, and always yesterday (events buffered across midnight) and today.
"""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone

from analytics.models import CategoryDay, DayTotals, Event, ProductDay, QueryDay, SupplierDay

Kind = Event.Kind
ZERO = Decimal("0")
AGGREGATES = (DayTotals, ProductDay, CategoryDay, SupplierDay, QueryDay)


def build_pending(today: date | None = None) -> list[date]:
    today = today or timezone.localdate()
    last = DayTotals.objects.aggregate(last=Max("day"))["last"]
    first = Event.objects.aggregate(first=Min("day"))["first"]
    start = min(today - timedelta(days=1), last) if last else first
    if start is None:
        return []
    days = [start + timedelta(days=n) for n in range((today - start).days + 1)]
    for day in days:
        build_day(day)
    return days


def build_day(day: date):
    events = Event.objects.filter(day=day)
    with transaction.atomic():
        for model in AGGREGATES:
            model.objects.filter(day=day).delete()
        DayTotals.objects.bulk_create(_day_totals(day, events))
        ProductDay.objects.bulk_create(_products(day, events), batch_size=1000)
        CategoryDay.objects.bulk_create(_categories(day, events), batch_size=1000)
        SupplierDay.objects.bulk_create(_suppliers(day, events), batch_size=1000)
        QueryDay.objects.bulk_create(_queries(day, events), batch_size=1000)


def _distinct_visitors(kind=None):
    condition = ~Q(visitor="")
    if kind:
        condition &= Q(kind=kind)
    return Count("visitor", filter=condition, distinct=True)


def _day_totals(day, events):
    rows = {}
    for row in events.values("channel").annotate(
            visitors=_distinct_visitors(),
            product_viewers=_distinct_visitors(Kind.PRODUCT_VIEW),
            cart_visitors=_distinct_visitors(Kind.CART_ADD),
            checkout_visitors=_distinct_visitors(Kind.CHECKOUT),
            order_visitors=_distinct_visitors(Kind.ORDER),
            product_views=Count("pk", filter=Q(kind=Kind.PRODUCT_VIEW)),
            listing_views=Count("pk", filter=Q(kind=Kind.LISTING_VIEW)),
            searches=Count("pk", filter=Q(kind=Kind.SEARCH)),
            cart_adds=Sum("quantity", filter=Q(kind=Kind.CART_ADD)),
            orders=Count("pk", filter=Q(kind=Kind.ORDER)),
            revenue=Sum("value", filter=Q(kind=Kind.ORDER)),
            paid_orders=Count("pk", filter=Q(kind=Kind.PAID)),
            paid_revenue=Sum("value", filter=Q(kind=Kind.PAID))):
        channel = row.pop("channel")
        rows[channel] = DayTotals(day=day, channel=channel, **{
            name: value or (ZERO if name.endswith("revenue") else 0) for name, value in row.items()})
    # The payment callback has no visitor: the paying visitor is the one who placed the order.
    paid_orders = events.filter(kind=Kind.PAID).values("order_id")
    for row in (Event.objects.filter(kind=Kind.ORDER, order_id__in=paid_orders).exclude(visitor="")
                .values("channel").annotate(paid=Count("visitor", distinct=True))):
        if row["channel"] in rows:
            rows[row["channel"]].paid_visitors = row["paid"]
    return list(rows.values())


def _products(day, events):
    rows = (events.filter(product_id__isnull=False,
                          kind__in=[Kind.PRODUCT_VIEW, Kind.CART_ADD, Kind.PURCHASE])
            .values("channel", "product_id").annotate(
                category=Max("category_id"), supplier=Max("supplier_id"),
                views=Count("pk", filter=Q(kind=Kind.PRODUCT_VIEW)),
                cart_adds=Sum("quantity", filter=Q(kind=Kind.CART_ADD)),
                units=Sum("quantity", filter=Q(kind=Kind.PURCHASE)),
                revenue=Sum("value", filter=Q(kind=Kind.PURCHASE))))
    return [ProductDay(day=day, channel=r["channel"], product_id=r["product_id"], category_id=r["category"],
                       supplier_id=r["supplier"], views=r["views"], cart_adds=r["cart_adds"] or 0,
                       units=r["units"] or 0, revenue=r["revenue"] or ZERO) for r in rows]


def _categories(day, events):
    found = defaultdict(lambda: {"listing_views": 0, "product_views": 0, "units": 0, "revenue": ZERO})
    for r in (events.filter(category_id__isnull=False,
                            kind__in=[Kind.LISTING_VIEW, Kind.PRODUCT_VIEW, Kind.PURCHASE])
              .values("channel", "category_id").annotate(
                  listing_views=Count("pk", filter=Q(kind=Kind.LISTING_VIEW)),
                  product_views=Count("pk", filter=Q(kind=Kind.PRODUCT_VIEW)),
                  units=Sum("quantity", filter=Q(kind=Kind.PURCHASE)),
                  revenue=Sum("value", filter=Q(kind=Kind.PURCHASE)))):
        found[(r["channel"], r["category_id"])].update(
            listing_views=r["listing_views"], product_views=r["product_views"], units=r["units"] or 0,
            revenue=r["revenue"] or ZERO)
    return [CategoryDay(day=day, channel=channel, category_id=category, **values)
            for (channel, category), values in found.items()]


def _suppliers(day, events):
    rows = (events.filter(kind=Kind.PURCHASE, supplier_id__isnull=False).values("channel", "supplier_id")
            .annotate(orders=Count("order_id", distinct=True), units=Sum("quantity"), revenue=Sum("value")))
    return [SupplierDay(day=day, channel=r["channel"], supplier_id=r["supplier_id"], orders=r["orders"],
                        units=r["units"] or 0, revenue=r["revenue"] or ZERO) for r in rows]


def _queries(day, events):
    rows = (events.filter(kind=Kind.SEARCH).exclude(query="").values("channel", "query")
            .annotate(searches=Count("pk"), zero_results=Count("pk", filter=Q(results=0)),
                      results=Max("results")))
    return [QueryDay(day=day, channel=r["channel"], query=r["query"], searches=r["searches"],
                     zero_results=r["zero_results"], results=r["results"] or 0) for r in rows]


def prune(today: date | None = None) -> int:
    """Delete raw events older than ANALYTICS_RETENTION_DAYS; the aggregates stay."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.ANALYTICS_RETENTION_DAYS)
    deleted, _ = Event.objects.filter(day__lt=cutoff).delete()
    return deleted
