"""A signed-in shopper's order history (the rest of /account/ belongs to shop.customers)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
@login_required
def account_orders(request):
    orders = request.user.orders.prefetch_related("lines").order_by("-created_at")
    return render(request, "orders/account_orders.html", {"orders": orders})


@require_GET
@login_required
def account_order(request, number):
    order = request.user.orders.prefetch_related("lines").filter(number=number).first()
    if order is None:
        raise Http404("No such order")
    return render(request, "orders/account_order.html", {"order": order})
