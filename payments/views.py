"""The shopper's side: the pay page that hands over to the provider, a retry, and the way back."""

from urllib.parse import parse_qsl, urlsplit, urlunsplit

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from payments.attempts import PaymentNotPossible, can_pay, start_payment
from shop.orders.models import Order


def _confirmation(order):
    return redirect(reverse("orders:confirmation", kwargs={"token": order.token}))


def _form(payment):
    """The provider's way to pay as a form: a GET link's query travels as hidden fields, because
    a GET form replaces its action's query string."""
    data = payment.redirect
    fields = [tuple(pair) for pair in data.get("fields", [])]
    if data.get("method", "GET") == "GET":
        parts = urlsplit(data["url"])
        fields = parse_qsl(parts.query) + fields
        return urlunsplit(parts._replace(query="")), "get", fields
    return data["url"], "post", fields


@require_GET
def pay(request, token):
    order = get_object_or_404(Order, token=token)
    if order.payment_status != Order.PaymentStatus.UNPAID:
        return _confirmation(order)
    payment = order.payments.order_by("-pk").first()
    context = {"order": order, "payment": payment, "payable": can_pay(order)}
    if context["payable"] and payment is not None and payment.is_open and payment.redirect:
        action, method, fields = _form(payment)
        context.update(action=action, method=method, fields=fields, autosubmit="go" in request.GET)
    response = render(request, "payments/pay.html", context)
    if "action" in context:
        # The storefront's CSP allows forms to post only to us; this page's one form goes to the provider.
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(context["action"]))
        response._csp_update = {"form-action": [origin]}  # what django-csp's @csp_update sets
    return response


@require_POST
def retry(request, token):
    order = get_object_or_404(Order, token=token)
    try:
        start_payment(order)
    except PaymentNotPossible:
        return _confirmation(order)
    return redirect(reverse("payments:pay", kwargs={"token": order.token}) + "?go=1")


@csrf_exempt  # providers send the shopper back with a cross-site POST; nothing in it is read
def back(request, token):
    """Where the provider returns the shopper. Only the verified server callback says whether the
    order is paid; this just shows the order, whatever the request claims."""
    return _confirmation(get_object_or_404(Order, token=token))
