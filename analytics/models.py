"""Raw shopper events (kept for ANALYTICS_RETENTION_DAYS) and the daily aggregates reports read.

Events hold plain ids, not foreign keys: a deleted product must not delete its history, and a
bulk insert must not wait on the rows it names.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MONEY = {"max_digits": 14, "decimal_places": 2}


class Event(models.Model):
    class Kind(models.TextChoices):
        PRODUCT_VIEW = "product_view", _("Product view")
        LISTING_VIEW = "listing_view", _("Listing view")
        SEARCH = "search", pgettext_lazy("analytics", "Search")
        CART_ADD = "cart_add", _("Added to cart")
        CHECKOUT = "checkout", _("Checkout started")
        ORDER = "order", _("Order placed")
        PURCHASE = "purchase", _("Product bought")  # one per order line, for products and suppliers
        PAID = "paid", _("Payment received")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField()
    day = models.DateField()  # the shop's local day of `at`, so days group without time zone maths
    # sha256(session key or client address + that day's random salt), cut short; "" when there is
    # no shopper (a marketplace order, a payment callback).
    visitor = models.CharField(max_length=16, blank=True)
    language = models.CharField(max_length=8, blank=True)
    channel = models.CharField(max_length=40, default="web")
    product_id = models.IntegerField(null=True)
    category_id = models.IntegerField(null=True)
    supplier_id = models.IntegerField(null=True)
    order_id = models.IntegerField(null=True)
    query = models.CharField(max_length=200, blank=True)
    results = models.IntegerField(null=True)
    quantity = models.IntegerField(default=0)
    value = models.DecimalField(**MONEY, null=True)

    class Meta:
        indexes = [models.Index(fields=["day", "kind"]), models.Index(fields=["order_id"])]
        permissions = [("view_reports", _("Can view reports and the sales dashboard"))]

    def __str__(self):
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"


class DayTotals(models.Model):
    """One row per day and channel: the funnel (distinct visitors per step) and the takings."""

    day = models.DateField()
    channel = models.CharField(max_length=40)
    visitors = models.IntegerField(default=0)
    product_viewers = models.IntegerField(default=0)
    cart_visitors = models.IntegerField(default=0)
    checkout_visitors = models.IntegerField(default=0)
    order_visitors = models.IntegerField(default=0)
    paid_visitors = models.IntegerField(default=0)
    product_views = models.IntegerField(default=0)
    listing_views = models.IntegerField(default=0)
    searches = models.IntegerField(default=0)
    cart_adds = models.IntegerField(default=0)
    orders = models.IntegerField(default=0)
    revenue = models.DecimalField(**MONEY, default=0)
    paid_orders = models.IntegerField(default=0)
    paid_revenue = models.DecimalField(**MONEY, default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "channel"], name="analytics_day_channel")]


class ProductDay(models.Model):
    day = models.DateField()
    channel = models.CharField(max_length=40)
    product_id = models.IntegerField()
    category_id = models.IntegerField(null=True)
    supplier_id = models.IntegerField(null=True)
    views = models.IntegerField(default=0)
    cart_adds = models.IntegerField(default=0)
    units = models.IntegerField(default=0)
    revenue = models.DecimalField(**MONEY, default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "channel", "product_id"],
                                               name="analytics_day_product")]


class CategoryDay(models.Model):
    day = models.DateField()
    channel = models.CharField(max_length=40)
    category_id = models.IntegerField()
    listing_views = models.IntegerField(default=0)
    product_views = models.IntegerField(default=0)
    units = models.IntegerField(default=0)
    revenue = models.DecimalField(**MONEY, default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "channel", "category_id"],
                                               name="analytics_day_category")]


class SupplierDay(models.Model):
    day = models.DateField()
    channel = models.CharField(max_length=40)
    supplier_id = models.IntegerField()
    orders = models.IntegerField(default=0)
    units = models.IntegerField(default=0)
    revenue = models.DecimalField(**MONEY, default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "channel", "supplier_id"],
                                               name="analytics_day_supplier")]


class QueryDay(models.Model):
    day = models.DateField()
    channel = models.CharField(max_length=40)
    query = models.CharField(max_length=200)
    searches = models.IntegerField(default=0)
    zero_results = models.IntegerField(default=0)
    results = models.IntegerField(default=0)  # the most any of that day's searches found

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "channel", "query"],
                                               name="analytics_day_query")]
