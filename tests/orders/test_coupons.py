"""Coupons in the cart: kinds, dates, limits, minimum value, restrictions."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from shop.orders.models import Cart, Coupon, CouponCategory, CouponProduct, CouponUsage, Order
from shop.orders.services import cart as carts
from tests.orders.conftest import cart_with, size

pytestmark = pytest.mark.django_db


def apply(cart, code, **kwargs):
    return carts.apply_coupon(cart, code, **kwargs)


def totals(cart):
    summary = carts.refresh_cart(Cart.objects.get(pk=cart.pk))
    return summary.subtotal, summary.discount, summary.total


def test_percentage_and_fixed(shoe):
    cart = cart_with((size(shoe, "38"), 2))
    Coupon.objects.create(code="TEN", kind="percent", value=Decimal("10"))
    Coupon.objects.create(code="MINUS500", kind="fixed", value=Decimal("500"))
    apply(cart, " ten ")
    assert totals(cart) == (Decimal("3780"), Decimal("378.00"), Decimal("3402.00"))
    apply(cart, "minus500")
    assert totals(cart) == (Decimal("3780"), Decimal("500.00"), Decimal("3280.00"))


def test_a_fixed_coupon_never_makes_the_total_negative(shoe):
    cart = cart_with((size(shoe, "38"), 1))
    Coupon.objects.create(code="BIG", kind="fixed", value=Decimal("5000"))
    apply(cart, "BIG")
    assert totals(cart)[2] == Decimal("0")


@pytest.mark.parametrize("fields, reason", [
    ({"active": False}, "не активний"),
    ({"valid_until": timezone.now() - timedelta(days=1)}, "Термін дії купона минув"),
    ({"valid_from": timezone.now() + timedelta(days=1)}, "ще не діє"),
    ({"min_cart_total": Decimal("5000")}, "від 5000 ₴"),
])
def test_unusable_coupons_are_refused_with_the_reason(shoe, fields, reason):
    cart = cart_with((size(shoe, "38"), 1))
    Coupon.objects.create(code="NOPE", kind="percent", value=Decimal("10"), **fields)
    with pytest.raises(carts.CartError, match=reason):
        apply(cart, "NOPE")
    assert Cart.objects.get(pk=cart.pk).coupon is None


def test_unknown_code(shoe):
    with pytest.raises(carts.CartError):
        apply(cart_with((size(shoe, "38"), 1)), "WHAT")


def _use(coupon, email, user=None):
    order = Order.objects.create(name="x", phone="+380671234567", email=email, delivery_name="d",
                                 delivery_needs="branch", payment_name="p", payment_kind="cod",
                                 subtotal=1, total=1)
    CouponUsage.objects.create(coupon=coupon, order=order, email=email, user=user)


def test_total_and_per_customer_limits(shoe, user):
    cart = cart_with((size(shoe, "38"), 1))
    total = Coupon.objects.create(code="TWO", kind="percent", value=Decimal("5"), usage_limit=2)
    mine = Coupon.objects.create(code="ONCEEACH", kind="percent", value=Decimal("5"), per_customer_limit=1)
    _use(total, "a@example.com")
    _use(total, "b@example.com")
    _use(mine, "OLENA@example.com")
    with pytest.raises(carts.CartError, match="вичерпано"):
        apply(cart, "TWO")
    with pytest.raises(carts.CartError, match="вже використали"):
        apply(cart, "ONCEEACH", user=user, email=user.email)
    apply(cart, "ONCEEACH", email="someone@example.com")


def test_a_coupon_that_stops_applying_is_dropped_with_a_notice(shoe):
    cart = cart_with((size(shoe, "38"), 1))
    coupon = Coupon.objects.create(code="TEN", kind="percent", value=Decimal("10"))
    apply(cart, "TEN")
    coupon.valid_until = timezone.now() - timedelta(minutes=1)
    coupon.save()
    summary = carts.refresh_cart(Cart.objects.get(pk=cart.pk))
    assert summary.discount == 0 and any("TEN" in str(n) for n in summary.notices)
    assert Cart.objects.get(pk=cart.pk).coupon is None


def test_restricted_to_a_category_or_product(shoe, boots, catalog):
    cart = cart_with((size(shoe, "38"), 1), (size(boots, "40"), 1))
    by_category = Coupon.objects.create(code="WOMEN-BOOTS", kind="percent", value=Decimal("10"))
    CouponCategory.objects.create(coupon=by_category, category=catalog["boots"])
    apply(cart, "WOMEN-BOOTS")
    assert totals(cart)[1] == Decimal("320.00")  # 10 % of the boots only

    parent = Coupon.objects.create(code="WOMEN", kind="percent", value=Decimal("10"))
    CouponCategory.objects.create(coupon=parent, category=catalog["women"])
    apply(cart, "WOMEN")
    assert totals(cart)[1] == Decimal("509.00")  # subcategories count

    by_product = Coupon.objects.create(code="LUMO", kind="fixed", value=Decimal("100"))
    CouponProduct.objects.create(coupon=by_product, product=shoe)
    apply(cart, "LUMO")
    assert totals(cart)[1] == Decimal("100.00")


def test_the_coupon_form(client, shoe):
    Coupon.objects.create(code="TEN", kind="percent", value=Decimal("10"))
    client.post("/cart/add/", {"variant": size(shoe, "38").pk})
    response = client.post("/cart/coupon/", {"code": "ten"}, follow=True)
    assert response.context["summary"].discount == Decimal("189.00")
    response = client.post("/cart/coupon/", {"code": "nothing"}, follow=True)
    assert "notice--error" in response.content.decode()
    response = client.post("/cart/coupon/", {"remove": "1"}, follow=True)
    assert response.context["summary"].discount == 0
