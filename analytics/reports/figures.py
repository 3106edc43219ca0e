"""The figures the dashboard draws, each a list of rows read from the daily aggregates only."""

from datetime import timedelta
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from analytics.models import DayTotals, SupplierDay
from analytics.reports.period import Period, channel_label

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def money(value) -> Decimal:
    """Sums come back as 7500 from SQLite and 7500.00 from PostgreSQL: always two places."""
    return Decimal(value or 0).quantize(CENT)
FUNNEL = [  # (DayTotals field, label)
    ("visitors", _("Sessions")),
    ("product_viewers", _("Viewed a product")),
    ("cart_visitors", _("Added to cart")),
    ("checkout_visitors", _("Started checkout")),
    ("order_visitors", _("Placed an order")),
    ("paid_visitors", pgettext_lazy("analytics", "Paid")),
]


def totals(period: Period) -> dict:
    found = period.filter(DayTotals.objects).aggregate(
        orders=Sum("orders"), revenue=Sum("revenue"), visitors=Sum("visitors"),
        paid_orders=Sum("paid_orders"))
    orders, revenue = found["orders"] or 0, money(found["revenue"])
    visitors = found["visitors"] or 0
    return {"orders": orders, "revenue": revenue, "visitors": visitors,
            "paid_orders": found["paid_orders"] or 0,
            "aov": (revenue / orders).quantize(CENT) if orders else ZERO}


def change(now, before) -> str:
    """'+12%' against the previous period; '' when there is nothing to compare with."""
    if not before:
        return ""
    return f"{(Decimal(now) - Decimal(before)) * 100 / Decimal(before):+.0f}%"


def sales_by_day(period: Period) -> list[dict]:
    """Every day of the period with its orders and revenue, and the same day of the previous period."""
    def per_day(p):
        return {r["day"]: r for r in p.filter(DayTotals.objects).values("day").annotate(
            orders=Sum("orders"), revenue=Sum("revenue"), visitors=Sum("visitors"))}

    now, before, previous = per_day(period), per_day(period.previous()), period.previous()
    rows = []
    for n in range(period.days):
        day, earlier = period.start + timedelta(days=n), previous.start + timedelta(days=n)
        row, old = now.get(day, {}), before.get(earlier, {})
        orders, revenue = row.get("orders") or 0, money(row.get("revenue"))
        rows.append({"day": day, "orders": orders, "revenue": revenue,
                     "aov": (revenue / orders).quantize(CENT) if orders else ZERO,
                     "visitors": row.get("visitors") or 0, "previous_day": earlier,
                     "previous_revenue": money(old.get("revenue")),
                     "previous_orders": old.get("orders") or 0})
    return rows


def funnel(period: Period) -> list[dict]:
    found = period.filter(DayTotals.objects).aggregate(**{name: Sum(name) for name, _label in FUNNEL})
    first = found["visitors"] or 0
    return [{"step": str(label), "visitors": found[name] or 0,
             "share": f"{(found[name] or 0) * 100 / first:.1f}%" if first else "—"} for name, label in FUNNEL]


def revenue_by_channel(period: Period) -> list[dict]:
    rows = (period.filter(DayTotals.objects).values("channel")
            .annotate(orders=Sum("orders"), revenue=Sum("revenue")).order_by("-revenue", "channel"))
    return [{"channel": channel_label(r["channel"]), "orders": r["orders"], "revenue": money(r["revenue"])}
            for r in rows if r["orders"]]


def revenue_by_supplier(period: Period) -> list[dict]:
    from suppliers.models import Supplier

    rows = list(period.filter(SupplierDay.objects).values("supplier_id").annotate(
        orders=Sum("orders"), units=Sum("units"), revenue=Sum("revenue")).order_by("-revenue", "supplier_id"))
    names = dict(Supplier.objects.filter(pk__in=[r["supplier_id"] for r in rows]).values_list("pk", "name"))
    return [{"supplier": names.get(r["supplier_id"], f"#{r['supplier_id']}"), "orders": r["orders"],
             "units": r["units"], "revenue": money(r["revenue"])} for r in rows]
