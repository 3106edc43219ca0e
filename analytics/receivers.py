"""Turning the shop's events into analytics events. Each receiver only buffers a row."""

from django.core.signals import request_finished
from django.dispatch import receiver

from analytics.models import Event
from analytics.recorder import flush_if_due, record
from shop import events

Kind = Event.Kind
request_finished.connect(flush_if_due, dispatch_uid="analytics_flush_if_due")


def order_channel(order) -> str:
    """"web" for our own checkout, else the marketplace source ("prom:3")."""
    return "web" if order.source_channel in ("", "site") else order.source_channel[:40]


@receiver(events.product_viewed, dispatch_uid="analytics_product_viewed")
def product_viewed(request, product, **kwargs):
    record(Kind.PRODUCT_VIEW, request, product_id=product.pk, category_id=product.category_id,
           supplier_id=product.supplier_id)


@receiver(events.listing_viewed, dispatch_uid="analytics_listing_viewed")
def listing_viewed(request, category, **kwargs):
    record(Kind.LISTING_VIEW, request, category_id=category.pk if category is not None else None)


@receiver(events.searched, dispatch_uid="analytics_searched")
def searched(request, query, results, **kwargs):
    record(Kind.SEARCH, request, query=(query or "")[:200], results=results)


@receiver(events.added_to_cart, dispatch_uid="analytics_added_to_cart")
def added_to_cart(request, variant, quantity, **kwargs):
    product = variant.product
    record(Kind.CART_ADD, request, product_id=product.pk, category_id=product.category_id,
           supplier_id=product.supplier_id, quantity=quantity)


@receiver(events.checkout_started, dispatch_uid="analytics_checkout_started")
def checkout_started(request, checkout, amount, **kwargs):
    record(Kind.CHECKOUT, request, value=amount)


@receiver(events.order_placed, dispatch_uid="analytics_order_placed")
def order_placed(request, order, **kwargs):
    """One event for the order, and one per line for products, categories and suppliers."""
    channel = order_channel(order)
    language = order.language[:8]
    record(Kind.ORDER, request, order_id=order.pk, value=order.total, channel=channel, language=language)
    lines = order.lines.select_related("product").all()
    for line in lines:
        product = line.product
        record(Kind.PURCHASE, request, order_id=order.pk, channel=channel, language=language,
               product_id=line.product_id, quantity=line.quantity, value=line.line_total,
               category_id=product.category_id if product else None,
               supplier_id=product.supplier_id if product else None)


@receiver(events.payment_received, dispatch_uid="analytics_payment_received")
def payment_received(order, request=None, **kwargs):
    record(Kind.PAID, request, order_id=order.pk, value=order.total, channel=order_channel(order),
           language=order.language[:8])
