"""place_order: turn a checkout into an order in one transaction, or change nothing at all.

Locks, always in the same order so that concurrent orders never deadlock:
the checkout row, then the products (by pk), then their stock records (by pk)
(`reservation.lock_stock`, which marketplace orders take too), then the coupon. Under
those locks everything the shopper agreed to is checked again (status, price, stock,
coupon and its limits); if anything differs, PlaceOrderError lists what and why and
nothing is written.
"""

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from shop.models import Product
from shop.models.products import closed_category_ids
from shop.orders.models import CartLine, Checkout, Coupon, CouponUsage, Order, OrderLine, OrderTransition
from shop.orders.models.orders import new_order_number
from shop.templatetags.shop_tags import price as format_price

from .checkout import checkout_problems
from .reservation import lock_stock
from .totals import PricedItem, compute_totals


class PlaceOrderError(Exception):
    """The order was not placed; `problems` says why, one sentence each, for the shopper."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


def place_order(checkout, idempotency_key) -> Order:
    """Place the checkout's cart as an order; the same key twice gives the same single order."""
    key = str(idempotency_key or "").strip()[:80]
    if not key:
        raise PlaceOrderError([_("This form has expired; please submit it again.")])
    try:
        with transaction.atomic():
            return _place(checkout, key)
    except IntegrityError:
        # The same key committed by a parallel request between our check and our insert.
        existing = Order.objects.filter(idempotency_key=key).first()
        if existing is None:
            raise
        return _same_checkout(existing, checkout)


def already_placed(cart, idempotency_key) -> Order | None:
    """The order this cart already placed under the key: the answer to a retried submission
    (a double click, a lost response, a client retrying) once the first one has emptied the cart."""
    key = str(idempotency_key or "").strip()[:80]
    if cart is None or not key:
        return None
    return Order.objects.filter(idempotency_key=key, checkout__cart=cart).first()


def _same_checkout(order, checkout):
    if order.checkout_id != checkout.pk:
        raise PlaceOrderError([_("This form has expired; please submit it again.")])
    return order


def _place(checkout, key):
    checkout = Checkout.objects.select_for_update(of=("self",)).select_related(
        "delivery_method", "payment_method").get(pk=checkout.pk)
    existing = Order.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return _same_checkout(existing, checkout)
    if checkout.status != Checkout.Status.OPEN:
        raise PlaceOrderError([_("This checkout is already finished.")])

    problems = list(checkout_problems(checkout))
    lines = list(CartLine.objects.filter(cart_id=checkout.cart_id).select_related("variant").order_by("pk"))
    if not lines:
        raise PlaceOrderError([*problems, _("Your cart is empty.")])

    stock = lock_stock(line.variant for line in lines)
    products = stock.products
    cart = checkout.cart
    coupon = Coupon.objects.select_for_update().filter(pk=cart.coupon_id).first() if cart.coupon_id else None

    items = []
    for line in lines:
        product = products.get(line.variant.product_id)
        problem = line_problem(line, product, stock.by_variant.get(line.variant_id, []))
        if problem:
            problems.append(problem)
        else:
            items.append((line, product, PricedItem(product, product.current_price, line.quantity)))

    priced = [item for _, _, item in items]
    if coupon is not None:
        subtotal = compute_totals(priced).subtotal
        problem = coupon.problem(cart_total=subtotal, user=checkout.user, email=checkout.email)
        if problem:
            problems.append(_("Coupon %(code)s: %(reason)s") % {"code": coupon.code, "reason": problem})
    if problems:
        raise PlaceOrderError(problems)

    totals = compute_totals(priced, coupon, checkout.delivery_method)
    order = Order.objects.create(
        number=free_number(), idempotency_key=key, checkout=checkout, user=checkout.user,
        name=checkout.name, phone=checkout.phone, email=checkout.email,
        language=(translation.get_language() or "uk")[:8],
        delivery_method=checkout.delivery_method, delivery_name=checkout.delivery_method.name,
        delivery_needs=checkout.delivery_method.needs, city=checkout.city, address=checkout.address,
        branch=checkout.branch, payment_method=checkout.payment_method,
        payment_name=checkout.payment_method.name, payment_kind=checkout.payment_method.kind,
        comment=checkout.comment, coupon=coupon, coupon_code=coupon.code if coupon else "",
        subtotal=totals.subtotal, discount=totals.discount, delivery_cost=totals.delivery_cost,
        total=totals.total,
    )
    order.placed_now = True  # not a retry: the API answers 201 for this one, 200 for retries
    order_lines = []
    for line, product, item in items:
        for record, quantity in stock.take(line.variant_id, line.quantity):
            warehouse = stock.warehouses[record.warehouse_id]
            order_lines.append(OrderLine(
                order=order, product=product, variant=line.variant, warehouse=warehouse,
                warehouse_name=warehouse.name, product_name=product.name, sku=line.variant.sku,
                size=line.variant.size, unit_price=item.unit_price, quantity=quantity,
                line_total=item.unit_price * quantity,
            ))
    OrderLine.objects.bulk_create(order_lines)
    stock.save()
    if coupon is not None:
        CouponUsage.objects.create(coupon=coupon, order=order, user=checkout.user, email=checkout.email)
    OrderTransition.objects.create(order=order, from_state="", to_state=Order.State.NEW,
                                   user=checkout.user, note="Placed on the site")

    checkout.status = Checkout.Status.PLACED
    checkout.save(update_fields=["status", "updated_at"])
    CartLine.objects.filter(cart_id=cart.pk).delete()
    cart.coupon = None
    cart.save(update_fields=["coupon", "updated_at"])

    from .emails import queue_order_emails

    transaction.on_commit(lambda: queue_order_emails(order.pk))
    return order


def line_problem(line, product, records):
    """Why this cart line cannot be ordered as the shopper last saw it; None when it can."""
    if (product is None or not product.live or product.status == Product.Status.HIDDEN
            or product.category_id in closed_category_ids()):
        return _("«%(name)s» is no longer available.") % {"name": product.title if product else "?"}
    name = "«{}», {} {}".format(product.title, pgettext("orders", "size"), line.variant.size)
    if product.status != Product.Status.ACTIVE:
        return _("%(name)s is not available for order.") % {"name": name}
    if product.current_price != line.seen_price:
        return _("%(name)s: the price changed from %(old)s to %(new)s.") % {
            "name": name, "old": format_price(line.seen_price), "new": format_price(product.current_price)}
    available = sum(record.quantity for record in records)
    if available <= 0:
        return _("%(name)s is sold out.") % {"name": name}
    if available < line.quantity:
        return _("%(name)s: only %(count)s left, you asked for %(wanted)s.") % {
            "name": name, "count": available, "wanted": line.quantity}
    return None


def free_number():
    while True:
        number = new_order_number()
        if not Order.objects.filter(number=number).exists():
            return number
