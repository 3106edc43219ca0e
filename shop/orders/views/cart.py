"""The cart page and its plain-HTML forms (the JSON API offers the same to scripts)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from shop.orders.services import cart as carts


@require_GET
def cart_page(request):
    summary = carts.request_summary(request)
    return render(request, "orders/cart.html", {
        "summary": summary})


def _back(request, default="orders:cart"):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)


def _cart_action(request, action):
    try:
        messages.success(request, action())
    except carts.CartError as error:
        messages.error(request, str(error))


@require_POST
def cart_add(request):
    def add():
        # The cart is created only once the input is known to be good.
        carts.buyable_variant(request.POST.get("variant"))
        carts.parse_quantity(request.POST.get("quantity") or 1)
        return carts.add_to_cart(carts.get_cart(request, create=True), request.POST.get("variant"),
                                 request.POST.get("quantity"), request=request)
    _cart_action(request, add)
    carts.request_summary(request)
    return redirect("orders:cart")


@require_POST
def line_update(request, line_id):
    cart = carts.get_cart(request)
    if cart is not None:
        _cart_action(request, lambda: carts.set_quantity(cart, line_id, request.POST.get("quantity")))
    return redirect("orders:cart")


@require_POST
def line_remove(request, line_id):
    cart = carts.get_cart(request)
    if cart is not None:
        _cart_action(request, lambda: carts.remove_line(cart, line_id))
    return redirect("orders:cart")


@require_POST
def coupon(request):
    cart = carts.get_cart(request)
    if cart is None:
        return redirect("orders:cart")
    user = request.user if request.user.is_authenticated else None
    if request.POST.get("remove"):
        _cart_action(request, lambda: carts.remove_coupon(cart))
    else:
        _cart_action(request, lambda: carts.apply_coupon(
            cart, request.POST.get("code", ""), user=user, email=user.email if user else ""))
    return _back(request)
