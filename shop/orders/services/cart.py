"""The shopper's cart: finding it, changing it, and refreshing it against the database.

A cart is found through a random token kept in the (server-side) session; a signed-in
shopper's cart also belongs to their account. Every look at the cart recomputes prices,
stock, product status and the coupon, and says plainly what changed since the last look.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from shop.events import added_to_cart
from shop.models import Product, StockRecord, Variant
from shop.orders.models import Cart, CartLine, Coupon
from shop.orders.models.coupons import normalize_code
from shop.templatetags.shop_tags import price as format_price

from .totals import PricedItem, compute_totals

SESSION_TOKEN = "orders_cart_token"
SESSION_COUNT = "orders_cart_count"  # read by the header without touching the database


class CartError(Exception):
    """A change the cart refused; the message is for the shopper."""


# --- finding the cart -----------------------------------------------------------------------

def get_cart(request, *, create=False):
    """The request's cart (None when it has none and create is False)."""
    token = request.session.get(SESSION_TOKEN)
    user = request.user if request.user.is_authenticated else None
    cart = None
    if token:
        cart = Cart.objects.filter(token=token, user=user).select_related("coupon").first()
    if cart is None and user is not None:
        cart = Cart.objects.filter(user=user).select_related("coupon").order_by("-updated_at").first()
    if cart is None and create:
        cart = Cart.objects.create(user=user)
    if cart is not None and token != cart.token:
        request.session[SESSION_TOKEN] = cart.token
    return cart


def remember_count(request, count: int):
    # No count is a count of 0: a visitor without a cart gets no session row for saying so.
    if request.session.get(SESSION_COUNT, 0) != count:
        request.session[SESSION_COUNT] = count


def merge_into_user_cart(request, user):
    """On sign-in: the anonymous cart's lines join the account's cart (quantities add up)."""
    token = request.session.get(SESSION_TOKEN)
    anonymous = Cart.objects.filter(token=token, user__isnull=True).first() if token else None
    mine = Cart.objects.filter(user=user).order_by("-updated_at").first()
    if anonymous is None:
        if mine is not None:
            request.session[SESSION_TOKEN] = mine.token
            remember_count(request, sum(mine.lines.values_list("quantity", flat=True)))
        return mine
    if mine is None:
        anonymous.user = user
        anonymous.save(update_fields=["user", "updated_at"])
        return anonymous
    with transaction.atomic():
        existing = {line.variant_id: line for line in mine.lines.all()}
        for line in anonymous.lines.all():
            if line.variant_id in existing:
                kept = existing[line.variant_id]
                kept.quantity = min(kept.quantity + line.quantity, settings.ORDER_MAX_LINE_QUANTITY)
                kept.save(update_fields=["quantity"])
            else:
                line.cart = mine
                line.save(update_fields=["cart"])
        if mine.coupon_id is None and anonymous.coupon_id:
            mine.coupon_id = anonymous.coupon_id
        mine.save()
        anonymous.delete()
    request.session[SESSION_TOKEN] = mine.token
    remember_count(request, sum(mine.lines.values_list("quantity", flat=True)))
    return mine


# --- changing it ----------------------------------------------------------------------------

def parse_quantity(raw, *, allow_zero=False) -> int:
    try:
        quantity = int(str(raw).strip())
    except (TypeError, ValueError):
        raise CartError(_("Quantity must be a whole number.")) from None
    low = 0 if allow_zero else 1
    if not low <= quantity <= settings.ORDER_MAX_LINE_QUANTITY:
        raise CartError(_("Quantity must be between %(low)s and %(high)s.") % {
            "low": low, "high": settings.ORDER_MAX_LINE_QUANTITY})
    return quantity


def available_stock(variant_id) -> int:
    return StockRecord.objects.filter(variant_id=variant_id).aggregate(
        total=Coalesce(Sum("quantity"), 0))["total"]


def buyable_variant(raw_variant_id):
    """The variant the shopper asked for, if it can be bought; CartError otherwise."""
    try:
        variant_id = int(str(raw_variant_id))
    except (TypeError, ValueError):
        raise CartError(_("Please choose a size.")) from None
    variant = Variant.objects.select_related("product").filter(
        pk=variant_id, product__in=Product.objects.visible()).first()
    if variant is None:
        raise CartError(_("This product is not available."))
    if variant.product.status != Product.Status.ACTIVE:
        raise CartError(_("«%(name)s» is not available for order.") % {"name": variant.product.title})
    return variant


def add_to_cart(cart, raw_variant_id, raw_quantity=1, *, request=None) -> str:
    """Add a size to the cart; returns a message for the shopper. Bad input changes nothing.
    `request` goes with the `added_to_cart` event (the shopper's language and visit)."""
    quantity = parse_quantity(raw_quantity if raw_quantity not in (None, "") else 1)
    variant = buyable_variant(raw_variant_id)
    available = available_stock(variant.pk)
    if available <= 0:
        raise CartError(_("«%(name)s», size %(size)s is sold out.") % {
            "name": variant.product.title, "size": variant.size})
    line = CartLine.objects.filter(cart=cart, variant=variant).first()
    wanted = (line.quantity if line else 0) + quantity
    capped = min(wanted, available, settings.ORDER_MAX_LINE_QUANTITY)
    if line is None:
        line = CartLine(cart=cart, variant=variant)
    line.quantity = capped
    line.seen_price = variant.product.current_price
    line.seen_available = available
    line.save()
    cart.save(update_fields=["updated_at"])
    if added := capped - (wanted - quantity):
        added_to_cart.send(sender=CartLine, request=request, variant=variant, quantity=added)
    if capped < wanted:
        return _("Only %(count)s left of «%(name)s», size %(size)s: your cart has %(count)s.") % {
            "count": capped, "name": variant.product.title, "size": variant.size}
    return _("«%(name)s», size %(size)s is in your cart.") % {
        "name": variant.product.title, "size": variant.size}


def find_line(cart, raw_line_id):
    """A line of this cart only: another cart's line id is simply not found."""
    try:
        line_id = int(str(raw_line_id))
    except (TypeError, ValueError):
        line_id = None
    line = cart.lines.select_related("variant__product").filter(pk=line_id).first() if line_id else None
    if line is None:
        raise CartError(_("This item is no longer in your cart."))
    return line


def set_quantity(cart, raw_line_id, raw_quantity) -> str:
    line = find_line(cart, raw_line_id)
    quantity = parse_quantity(raw_quantity, allow_zero=True)
    if quantity == 0:
        return remove_line(cart, line.pk)
    product = line.variant.product
    if not product.live or product.status != Product.Status.ACTIVE:
        raise CartError(_("«%(name)s» is not available for order.") % {"name": product.title})
    available = available_stock(line.variant_id)
    line.quantity = max(1, min(quantity, available))
    line.seen_available = available
    line.save(update_fields=["quantity", "seen_available"])
    cart.save(update_fields=["updated_at"])
    if line.quantity < quantity:
        return _("Only %(count)s left of «%(name)s», size %(size)s.") % {
            "count": available, "name": product.title, "size": line.variant.size}
    return _("Quantity updated.")


def remove_line(cart, raw_line_id) -> str:
    line = find_line(cart, raw_line_id)
    line.delete()
    cart.save(update_fields=["updated_at"])
    return _("«%(name)s» was removed from your cart.") % {"name": line.variant.product.title}


def apply_coupon(cart, code, *, user=None, email="") -> str:
    code = normalize_code(code)
    coupon = Coupon.objects.filter(code=code).first() if code else None
    if coupon is None:
        raise CartError(_("There is no coupon with this code."))
    summary = refresh_cart(cart, user=user, email=email, persist=False)
    problem = coupon.problem(cart_total=summary.subtotal, user=user, email=email)
    if problem:
        raise CartError(problem)
    cart.coupon = coupon
    cart.save(update_fields=["coupon", "updated_at"])
    return _("Coupon %(code)s applied.") % {"code": coupon.code}


def remove_coupon(cart) -> str:
    cart.coupon = None
    cart.save(update_fields=["coupon", "updated_at"])
    return _("Coupon removed.")


# --- looking at it --------------------------------------------------------------------------

@dataclass
class LineView:
    line: CartLine
    product: Product
    unit_price: Decimal
    available: int
    buyable: bool
    notices: list = field(default_factory=list)

    @property
    def quantity(self):
        return self.line.quantity

    @property
    def line_total(self):
        return self.unit_price * self.line.quantity if self.buyable else Decimal("0")

    @property
    def max_quantity(self):
        return max(1, min(self.available, settings.ORDER_MAX_LINE_QUANTITY))


@dataclass
class CartSummary:
    cart: Cart | None
    lines: list
    notices: list
    coupon: Coupon | None = None
    subtotal: Decimal = Decimal("0.00")
    discount: Decimal = Decimal("0.00")
    total: Decimal = Decimal("0.00")

    @property
    def count(self):
        return sum(view.quantity for view in self.lines)

    @property
    def can_checkout(self):
        return bool(self.lines) and all(view.buyable for view in self.lines)

    def priced_items(self):
        return [PricedItem(v.product, v.unit_price, v.quantity) for v in self.lines if v.buyable]


def cart_lines(cart):
    stock = (StockRecord.objects.filter(variant=OuterRef("variant")).values("variant")
             .annotate(total=Sum("quantity")).values("total"))
    return list(
        cart.lines.select_related("variant__product__category")
        .annotate(available=Coalesce(Subquery(stock), 0))
    )


def refresh_cart(cart, *, user=None, email="", persist=True) -> CartSummary:
    """Recompute the cart against the database and say what changed since the shopper last saw it.

    With persist (the default) what the shopper now sees becomes the new "last seen", lines of
    products that are gone are removed, quantities are capped at stock, and a coupon that no
    longer applies is dropped.
    """
    if cart is None:
        return CartSummary(cart=None, lines=[], notices=[])
    views, notices, changed, gone = [], [], [], []
    for line in cart_lines(cart):
        product = line.variant.product
        name = product.title
        if not product.live or product.status == Product.Status.HIDDEN:
            gone.append(line.pk)
            notices.append(_("«%(name)s» is no longer available and was removed from your cart.") % {
                "name": name})
            continue
        view = LineView(line, product, product.current_price, line.available, buyable=True)
        before = (line.quantity, line.seen_price, line.seen_available)
        if product.status != Product.Status.ACTIVE:
            view.buyable = False
            view.notices.append(_("No longer available for order."))
        elif line.available <= 0:
            view.buyable = False
            view.notices.append(_("Sold out."))
        elif line.quantity > line.available:
            view.notices.append(_("Only %(count)s left: quantity reduced from %(old)s to %(count)s.") % {
                "count": line.available, "old": line.quantity})
            line.quantity = line.available
        elif line.available < line.seen_available and line.available <= 3:
            view.notices.append(_("Only %(count)s left.") % {"count": line.available})
        if line.seen_price != product.current_price:
            view.notices.append(_("Price changed from %(old)s to %(new)s.") % {
                "old": format_price(line.seen_price), "new": format_price(product.current_price)})
            line.seen_price = product.current_price
        line.seen_available = line.available
        if (line.quantity, line.seen_price, line.seen_available) != before:
            changed.append(line)
        views.append(view)

    summary = CartSummary(cart=cart, lines=views, notices=notices, coupon=cart.coupon)
    subtotal = compute_totals(summary.priced_items()).subtotal
    if cart.coupon is not None:
        problem = cart.coupon.problem(cart_total=subtotal, user=user, email=email)
        if problem:
            notices.append(_("Coupon %(code)s no longer applies: %(reason)s") % {
                "code": cart.coupon.code, "reason": problem})
            summary.coupon = None
    totals = compute_totals(summary.priced_items(), summary.coupon)
    summary.subtotal, summary.discount, summary.total = totals.subtotal, totals.discount, totals.total

    if persist:
        if gone:
            CartLine.objects.filter(pk__in=gone).delete()
        if changed:
            CartLine.objects.bulk_update(changed, ["quantity", "seen_price", "seen_available"])
        if cart.coupon is not None and summary.coupon is None:
            cart.coupon = None
            cart.save(update_fields=["coupon", "updated_at"])
    return summary


def request_summary(request, *, create=False, email="") -> CartSummary:
    """The refreshed cart of a request, keeping the header's item count in step."""
    cart = get_cart(request, create=create)
    user = request.user if request.user.is_authenticated else None
    summary = refresh_cart(cart, user=user, email=email or (user.email if user else ""))
    remember_count(request, summary.count)
    return summary
