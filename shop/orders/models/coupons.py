"""Coupons: a percentage or a fixed amount off, with dates, limits and optional restrictions."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.models import Orderable

MONEY = {"max_digits": 12, "decimal_places": 2}
CENT = Decimal("0.01")


class Coupon(ClusterableModel):
    class Kind(models.TextChoices):
        PERCENT = "percent", _("Percentage off")
        FIXED = "fixed", _("Fixed amount off")

    code = models.CharField(
        max_length=40, unique=True, help_text=_("What shoppers type; letters are compared in upper case."),
        verbose_name=_("code"),
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PERCENT,
        verbose_name=_("kind"))
    value = models.DecimalField(**MONEY, validators=[MinValueValidator(Decimal("0.01"))],
        verbose_name=_("value"))
    active = models.BooleanField(default=True, verbose_name=_("active"))
    valid_from = models.DateTimeField(null=True, blank=True, verbose_name=_("valid from"))
    valid_until = models.DateTimeField(null=True, blank=True, verbose_name=_("valid until"))
    usage_limit = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Uses in total; empty for no limit."),
        verbose_name=_("usage limit"))
    per_customer_limit = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Uses per customer (account or e-mail); empty for no limit."),
        verbose_name=_("per customer limit"))
    min_cart_total = models.DecimalField(
        **MONEY, default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))],
        help_text=_("The cart must be worth at least this much."), verbose_name=_("min cart total"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("active")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("value")]),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
        FieldRowPanel([FieldPanel("usage_limit"), FieldPanel("per_customer_limit")]),
        FieldPanel("min_cart_total"),
        MultiFieldPanel([
            InlinePanel("category_limits", label=pgettext_lazy("orders", "Categories")),
            InlinePanel("product_limits", label=pgettext_lazy("orders", "Products")),
        ], heading=_("Only for (empty: the whole cart)")),
    ]

    class Meta:
        verbose_name_plural = _("coupons")
        ordering = ["-created_at"]
        verbose_name = pgettext_lazy("orders", "coupon")

    def __str__(self):
        return self.code

    def save(self, *args, **kwargs):
        self.code = normalize_code(self.code)
        super().save(*args, **kwargs)

    def is_restricted(self):
        return bool(self.category_paths() or self.product_ids())

    def category_paths(self):
        if not hasattr(self, "_category_paths"):
            self._category_paths = [c.category.path for c in self.category_limits.select_related("category")]
        return self._category_paths

    def product_ids(self):
        if not hasattr(self, "_product_ids"):
            self._product_ids = {p.product_id for p in self.product_limits.all()}
        return self._product_ids

    def applies_to(self, product, category_path):
        """Whether a product counts towards the discount (its category or any ancestor listed)."""
        if not self.is_restricted():
            return True
        if product.pk in self.product_ids():
            return True
        return bool(category_path) and any(category_path.startswith(p) for p in self.category_paths())

    def discount_for(self, eligible_total: Decimal) -> Decimal:
        if eligible_total <= 0:
            return Decimal("0.00")
        if self.kind == self.Kind.PERCENT:
            amount = (eligible_total * min(self.value, Decimal("100")) / 100).quantize(CENT, ROUND_HALF_UP)
        else:
            amount = self.value
        return min(amount, eligible_total).quantize(CENT)

    def problem(self, *, cart_total: Decimal, user=None, email="", now=None):
        """Why this coupon cannot be used now, as a sentence for the shopper; None when it can."""
        now = now or timezone.now()
        if not self.active:
            return _("This coupon is not active.")
        if self.valid_from and now < self.valid_from:
            return _("This coupon is not valid yet.")
        if self.valid_until and now > self.valid_until:
            return _("This coupon has expired.")
        if self.usage_limit is not None and self.usages.count() >= self.usage_limit:
            return _("This coupon has been used up.")
        if self.per_customer_limit is not None and (user is not None or email):
            if self.usages_by(user, email).count() >= self.per_customer_limit:
                return _("You have already used this coupon.")
        if cart_total < self.min_cart_total:
            return _("This coupon needs a cart worth at least %(amount)s ₴.") % {
                "amount": f"{self.min_cart_total:.0f}"}
        return None

    def usages_by(self, user, email):
        query = models.Q()
        if user is not None and user.is_authenticated:
            query |= models.Q(user=user)
        if email:
            query |= models.Q(email__iexact=email)
        return self.usages.filter(query) if query else self.usages.none()


def normalize_code(code: str) -> str:
    return (code or "").strip().upper()


class CouponCategory(Orderable):
    coupon = ParentalKey(Coupon, on_delete=models.CASCADE, related_name="category_limits",
        verbose_name=_("coupon"))
    category = models.ForeignKey("shop.CategoryPage", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("category"))

    panels = [PageChooserPanel("category", page_type="shop.CategoryPage")]

    class Meta:
        verbose_name = _("coupon category")
        verbose_name_plural = _("coupon categories")


class CouponProduct(Orderable):
    coupon = ParentalKey(Coupon, on_delete=models.CASCADE, related_name="product_limits",
        verbose_name=_("coupon"))
    product = models.ForeignKey("shop.Product", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("product"))

    panels = [FieldPanel("product")]

    class Meta:
        verbose_name = _("coupon product")
        verbose_name_plural = _("coupon products")


class CouponUsage(models.Model):
    coupon = models.ForeignKey(Coupon, on_delete=models.CASCADE, related_name="usages",
        verbose_name=_("coupon"))
    order = models.OneToOneField("orders.Order", on_delete=models.CASCADE, related_name="coupon_usage",
        verbose_name=_("order"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("user"))
    email = models.EmailField(verbose_name=_("email"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("coupon use")
        verbose_name_plural = _("coupon uses")

    def __str__(self):
        return f"{self.coupon} — {self.order}"
