"""Checkout (contact, delivery, payment) and the shopper's confirmation page."""

import uuid

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from shop.events import checkout_started, order_placed
from shop.orders import online_payment
from shop.orders.forms import CheckoutForm
from shop.orders.models import Checkout, DeliveryMethod, Order
from shop.orders.services import cart as carts
from shop.orders.services.checkout import current_checkout, save_details
from shop.orders.services.placement import PlaceOrderError, already_placed, place_order
from shop.orders.services.totals import compute_totals


def checkout(request):
    user = request.user if request.user.is_authenticated else None
    cart = carts.get_cart(request)
    if request.method == "POST" and (placed := already_placed(cart, request.POST.get("idempotency_key"))):
        # A retry of a placed order goes where the first answer went.
        return redirect(online_payment.next_url(placed)
                        or reverse("orders:confirmation", kwargs={"token": placed.token}))
    if cart is None or not cart.lines.exists():
        return redirect("orders:cart")
    checkout = current_checkout(cart, user)
    problems = []
    if request.method == "POST" and request.POST.get("refresh"):
        # A redraw (see shop/orders/extensions.py): keep what is valid, never place the order.
        form = CheckoutForm(request.POST)
        form.is_valid()
        save_details(checkout, form.valid_fields(), user)
        return redirect("orders:checkout")
    if request.method == "POST":
        form = CheckoutForm(request.POST)
        if form.is_valid():
            save_details(checkout, form.checkout_data(), user)
            try:
                order = place_order(checkout, form.cleaned_data["idempotency_key"])
            except PlaceOrderError as error:
                problems = error.problems
            else:
                carts.remember_count(request, 0)
                if getattr(order, "placed_now", False):
                    order_placed.send(sender=Order, request=request, order=order)
                # A "card online" order goes on to its payment; every other one is confirmed.
                return redirect(online_payment.next_url(order)
                                or reverse("orders:confirmation", kwargs={"token": order.token}))
        else:
            save_details(checkout, form.valid_fields(), user)
        # Either way the shopper gets a fresh key: a corrected form is a new submission.
        form = CheckoutForm(data={**request.POST.dict(), "idempotency_key": uuid.uuid4().hex}) \
            if problems else form
    else:
        initial = {name: getattr(checkout, name) for name in
                   ("name", "phone", "email", "city", "branch", "address", "comment")}
        initial.update(delivery_method=checkout.delivery_method_id, payment_method=checkout.payment_method_id,
                       idempotency_key=uuid.uuid4().hex)
        form = CheckoutForm(initial=initial)
        checkout.touch()
        checkout.save(update_fields=["expires_at"])

    summary = carts.request_summary(request, email=checkout.email)
    if not summary.lines:
        return redirect("orders:cart")
    methods = list(DeliveryMethod.objects.filter(active=True))
    chosen = checkout.delivery_method if checkout.delivery_method_id else (methods[0] if methods else None)
    totals = compute_totals(summary.priced_items(), summary.coupon, chosen)
    if request.method == "GET":
        checkout_started.send(sender=Checkout, request=request, checkout=checkout, amount=totals.total)
    return render(request, "orders/checkout.html", {
        "form": form, "summary": summary, "problems": problems, "totals": totals,
        "delivery_methods": methods}, status=409 if problems else 200)


@require_GET
def confirmation(request, token):
    order = get_object_or_404(Order.objects.prefetch_related("lines"), token=token)
    return render(request, "orders/confirmation.html", {
        "order": order, "payment_url": online_payment.payment_url(order)})
