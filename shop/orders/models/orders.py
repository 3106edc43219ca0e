"""Orders: a snapshot that never changes when the catalog does, plus a logged state machine."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MONEY = {"max_digits": 12, "decimal_places": 2}
# No 0/O, 1/I/L: a number read out over the phone must not be misheard.
NUMBER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_order_number():
    """Customer-facing number: not a sequence, so it tells nothing about the shop's volume."""
    return "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(8))


def new_order_token():
    return secrets.token_urlsafe(24)


class Order(models.Model):
    class State(models.TextChoices):
        NEW = "new", pgettext_lazy("orders", "New")
        CONFIRMED = "confirmed", pgettext_lazy("orders", "Confirmed")
        SENT_TO_SUPPLIER = "sent_to_supplier", _("Sent to supplier")
        SHIPPED = "shipped", pgettext_lazy("orders", "Shipped")
        DELIVERED = "delivered", pgettext_lazy("orders", "Delivered")
        CANCELLED = "cancelled", pgettext_lazy("orders", "Cancelled")
        RETURNED = "returned", pgettext_lazy("orders", "Returned")

    class PaymentStatus(models.TextChoices):
        UNPAID = "unpaid", pgettext_lazy("orders", "Unpaid")
        PAID = "paid", pgettext_lazy("orders", "Paid")
        REFUNDED = "refunded", pgettext_lazy("orders", "Refunded")

    number = models.CharField(max_length=16, unique=True, default=new_order_number, editable=False,
        verbose_name=_("number"))
    # Opens the shopper's confirmation page; the number alone never does.
    token = models.CharField(max_length=64, unique=True, default=new_order_token, editable=False,
        verbose_name=_("token"))
    idempotency_key = models.CharField(max_length=80, unique=True, null=True, blank=True, editable=False,
        verbose_name=_("idempotency key"))
    checkout = models.ForeignKey("orders.Checkout", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="orders", verbose_name=_("checkout"))
    # Later, marketplace orders arrive with their channel and that channel's id.
    source_channel = models.CharField(max_length=40, default="site", db_index=True,
        verbose_name=_("source channel"))
    external_id = models.CharField(max_length=100, blank=True, verbose_name=_("external ID"))

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="orders", verbose_name=_("user"))
    name = models.CharField(pgettext_lazy("orders", "customer"), max_length=150)
    phone = models.CharField(max_length=13, verbose_name=_("phone"))
    email = models.EmailField(db_index=True, verbose_name=_("email"))
    language = models.CharField(max_length=8, default="uk", verbose_name=_("language"))

    delivery_method = models.ForeignKey("orders.DeliveryMethod", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+",
                                        verbose_name=_("delivery method"))
    delivery_name = models.CharField(pgettext_lazy("orders", "delivery"), max_length=120)
    delivery_needs = models.CharField(max_length=10, verbose_name=_("delivery needs"))
    city = models.CharField(max_length=120, blank=True, verbose_name=_("city"))
    address = models.CharField(max_length=255, blank=True, verbose_name=_("address"))
    branch = models.CharField(max_length=120, blank=True, verbose_name=_("branch"))
    payment_method = models.ForeignKey("orders.PaymentMethod", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+",
                                       verbose_name=_("payment method"))
    payment_name = models.CharField(pgettext_lazy("orders", "payment"), max_length=120)
    payment_kind = models.CharField(max_length=10, verbose_name=_("payment kind"))
    comment = models.TextField(blank=True, verbose_name=_("comment"))

    coupon = models.ForeignKey("orders.Coupon", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name=_("coupon"))
    coupon_code = models.CharField(max_length=40, blank=True, verbose_name=_("coupon code"))
    currency = models.CharField(max_length=3, default="UAH", verbose_name=_("currency"))
    subtotal = models.DecimalField(**MONEY, verbose_name=_("subtotal"))
    discount = models.DecimalField(**MONEY, default=0, verbose_name=_("discount"))
    delivery_cost = models.DecimalField(**MONEY, default=0, verbose_name=_("delivery cost"))
    total = models.DecimalField(**MONEY, verbose_name=_("total"))

    state = models.CharField(max_length=20, choices=State.choices, default=State.NEW, db_index=True,
        verbose_name=_("state"))
    payment_status = models.CharField(max_length=10, choices=PaymentStatus.choices,
                                      default=PaymentStatus.UNPAID, db_index=True,
                                      verbose_name=_("payment status"))
    tracking_number = models.CharField(max_length=60, blank=True, verbose_name=_("tracking number"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    # Orders are records, not content: Wagtail's "used by" index of delivery and payment
    # methods need not grow by three rows inside every order placement.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-pk"]
        verbose_name = pgettext_lazy("orders", "order")
        constraints = [
            models.UniqueConstraint(fields=["source_channel", "external_id"], name="unique_channel_order",
                                    condition=~models.Q(external_id="")),
        ]

    def __str__(self):
        return self.number

    @property
    def item_count(self):
        return sum(line.quantity for line in self.lines.all())

    @property
    def destination(self):
        return ", ".join(part for part in (self.city, self.branch or self.address) if part)


class OrderLine(models.Model):
    """One product in one size taken from one warehouse (a line may split across warehouses)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines", verbose_name=_("order"))
    product = models.ForeignKey("shop.Product", null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("product"))
    variant = models.ForeignKey("shop.Variant", null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("variant"))
    warehouse = models.ForeignKey("shop.Warehouse", null=True, on_delete=models.SET_NULL,
                                  related_name="order_lines", verbose_name=_("warehouse"))
    warehouse_name = models.CharField(max_length=120, verbose_name=_("warehouse name"))
    product_name = models.CharField(max_length=255, verbose_name=_("product name"))
    sku = models.CharField(max_length=120, blank=True, verbose_name=_("SKU"))
    size = models.CharField(max_length=20, verbose_name=_("size"))
    unit_price = models.DecimalField(**MONEY, verbose_name=_("unit price"))
    quantity = models.PositiveIntegerField(verbose_name=_("quantity"))
    line_total = models.DecimalField(**MONEY, verbose_name=_("line total"))

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.product_name} ({self.size}) x {self.quantity}"


class OrderTransition(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="transitions",
        verbose_name=_("order"))
    from_state = models.CharField(max_length=20, choices=Order.State.choices, verbose_name=_("from state"))
    to_state = models.CharField(max_length=20, choices=Order.State.choices, verbose_name=_("to state"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("user"))
    note = models.TextField(blank=True, verbose_name=_("note"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("order status change")
        verbose_name_plural = _("order status changes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.order}: {self.from_state} -> {self.to_state}"
