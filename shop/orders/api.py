"""The orders part of the JSON API under /api/orders/ (see config/api.py).

The cart's scripts use these; every change needs the CSRF token (X-CSRFToken header),
and prices are always the database's, never a request's.
"""

from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.utils import check_csrf

from shop.events import order_placed
from shop.orders import online_payment
from shop.orders.models import Order
from shop.orders.services import cart as carts
from shop.orders.services.checkout import current_checkout, save_details
from shop.orders.services.placement import PlaceOrderError, already_placed, place_order
from shop.templatetags.shop_tags import price as format_price

router = Router(tags=["orders"])


class LineOut(Schema):
    id: int
    variant: int
    product: str
    size: str
    url: str
    quantity: int
    max_quantity: int
    unit_price: Decimal
    unit_price_display: str
    line_total: Decimal
    line_total_display: str
    buyable: bool
    notices: list[str]


class CartOut(Schema):
    count: int
    lines: list[LineOut]
    notices: list[str]
    coupon: str | None = None
    subtotal: Decimal
    discount: Decimal
    total: Decimal
    subtotal_display: str
    total_display: str
    can_checkout: bool
    message: str | None = None


class AddIn(Schema):
    variant: int | str
    quantity: int | str = 1


class QuantityIn(Schema):
    quantity: int | str


class ErrorOut(Schema):
    detail: str


class ProblemsOut(Schema):
    detail: str
    problems: list[str]


class PlacedOut(Schema):
    number: str
    url: str


class CheckoutIn(Schema):
    name: str
    phone: str
    email: str
    delivery_method: str
    payment_method: str
    city: str = ""
    branch: str = ""
    address: str = ""
    comment: str = ""
    idempotency_key: str


def _csrf(request):
    if check_csrf(request) is not None:
        raise HttpError(403, "CSRF check failed: send the X-CSRFToken header.")


def _out(request, message=None):
    summary = carts.request_summary(request)
    return {
        "count": summary.count,
        "lines": [{
            "id": v.line.pk, "variant": v.line.variant_id, "product": v.product.title,
            "size": v.line.variant.size, "url": v.product.get_absolute_url(), "quantity": v.quantity,
            "max_quantity": v.max_quantity, "unit_price": v.unit_price,
            "unit_price_display": format_price(v.unit_price), "line_total": v.line_total,
            "line_total_display": format_price(v.line_total), "buyable": v.buyable,
            "notices": [str(n) for n in v.notices],
        } for v in summary.lines],
        "notices": [str(n) for n in summary.notices],
        "coupon": summary.coupon.code if summary.coupon else None,
        "subtotal": summary.subtotal, "discount": summary.discount, "total": summary.total,
        "subtotal_display": format_price(summary.subtotal), "total_display": format_price(summary.total),
        "can_checkout": summary.can_checkout,
        "message": message,
    }


@router.get("/cart", response=CartOut, url_name="cart")
def get_cart(request):
    return _out(request)


@router.post("/cart/lines", response={200: CartOut, 400: ErrorOut}, url_name="cart_lines")
def add_line(request, payload: AddIn):
    _csrf(request)
    try:
        carts.buyable_variant(payload.variant)
        carts.parse_quantity(payload.quantity)
        message = carts.add_to_cart(carts.get_cart(request, create=True), payload.variant, payload.quantity,
                                   request=request)
    except carts.CartError as error:
        return Status(400, {"detail": str(error)})
    return Status(200, _out(request, message))


def _existing_cart(request):
    cart = carts.get_cart(request)
    if cart is None:
        raise HttpError(404, "This item is no longer in your cart.")
    return cart


@router.patch("/cart/lines/{line_id}", response={200: CartOut, 400: ErrorOut, 404: ErrorOut},
              url_name="cart_line")
def change_line(request, line_id: int, payload: QuantityIn):
    _csrf(request)
    cart = _existing_cart(request)
    try:
        carts.find_line(cart, line_id)
    except carts.CartError as error:
        return Status(404, {"detail": str(error)})
    try:
        message = carts.set_quantity(cart, line_id, payload.quantity)
    except carts.CartError as error:
        return Status(400, {"detail": str(error)})
    return Status(200, _out(request, message))


@router.delete("/cart/lines/{line_id}", response={200: CartOut, 404: ErrorOut})
def delete_line(request, line_id: int):
    _csrf(request)
    cart = _existing_cart(request)
    try:
        message = carts.remove_line(cart, line_id)
    except carts.CartError as error:
        return Status(404, {"detail": str(error)})
    return Status(200, _out(request, message))


@router.post("/checkout", response={200: PlacedOut, 201: PlacedOut, 400: ProblemsOut, 409: ProblemsOut},
             url_name="checkout")
def place(request, payload: CheckoutIn):
    """Place the session's cart as an order (201); 409 lists what changed (nothing was written).
    The same idempotency key again answers 200 with the order it already placed."""
    from shop.orders.forms import CheckoutForm

    _csrf(request)
    cart = carts.get_cart(request)
    if placed := already_placed(cart, payload.idempotency_key):
        return Status(200, _placed(placed))
    if cart is None or not cart.lines.exists():
        return Status(400, {"detail": "Your cart is empty.", "problems": ["Your cart is empty."]})
    form = CheckoutForm(data=payload.dict())
    if not form.is_valid():
        problems = [f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()]
        return Status(400, {"detail": "Please correct the checkout details.", "problems": problems})
    user = request.user if request.user.is_authenticated else None
    with transaction.atomic():
        checkout = current_checkout(cart, user)
        save_details(checkout, form.checkout_data(), user)
    try:
        order = place_order(checkout, form.cleaned_data["idempotency_key"])
    except PlaceOrderError as error:
        carts.request_summary(request)  # the shopper has now been told; refresh what they saw
        problems = [str(problem) for problem in error.problems]
        return Status(409, {"detail": "The order was not placed.", "problems": problems})
    carts.remember_count(request, 0)
    if getattr(order, "placed_now", False):
        order_placed.send(sender=Order, request=request, order=order)
    return Status(201 if getattr(order, "placed_now", False) else 200, _placed(order))


def _placed(order):
    """The order's number and where the shopper goes next: the payment page while a card
    payment is due, else the confirmation."""
    url = online_payment.next_url(order) or reverse("orders:confirmation", kwargs={"token": order.token})
    return {"number": order.number, "url": url}

