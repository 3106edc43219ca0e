"""Orders placed somewhere else (a marketplace), at the prices the buyer paid there.

They reserve stock through the same locks and allocation as the web checkout
(`reservation.lock_stock`), so the shop and the marketplaces never sell the same pair twice:
whoever takes the row locks first gets the stock, the other is told what is missing. Shop does
not know which apps call this; `source` is theirs to name ("prom:3"), and (source, external id)
is unique, so the same order is never placed twice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from shop.events import order_placed
from shop.orders.models import Order, OrderLine, OrderTransition

from .placement import PlaceOrderError, free_number
from .reservation import lock_stock

CONTACT_FIELDS = ("name", "phone", "email", "city", "address", "branch", "comment")


@dataclass(frozen=True)
class ExternalLine:
    variant: object  # shop.Variant
    quantity: int
    unit_price: Decimal


def place_external_order(*, source: str, external_id: str, lines: list[ExternalLine], contact: dict,
                         delivery_name: str, delivery_needs: str, payment_name: str, payment_kind: str,
                         delivery_cost: Decimal = Decimal("0"), note: str = "", user=None) -> Order:
    """Place the order with its stock reserved, or raise PlaceOrderError and write nothing."""
    if not lines:
        raise PlaceOrderError([_("The order has no lines.")])
    with transaction.atomic():
        existing = Order.objects.filter(source_channel=source, external_id=external_id).first()
        if existing is not None:
            return existing
        stock = lock_stock(line.variant for line in lines)
        problems = shortages(lines, stock)
        if problems:
            raise PlaceOrderError(problems)
        order = Order(number=free_number(), source_channel=source, external_id=external_id,
                      delivery_name=delivery_name[:120], delivery_needs=delivery_needs[:10],
                      payment_name=payment_name[:120], payment_kind=payment_kind[:10],
                      delivery_cost=delivery_cost, subtotal=Decimal("0"), total=Decimal("0"))
        _set_contact(order, contact)
        _set_totals(order, lines)
        order.save()
        _write_lines(order, lines, stock)
        stock.save()
        OrderTransition.objects.create(order=order, from_state="", to_state=Order.State.NEW, user=user,
                                       note=note[:2000])
        transaction.on_commit(lambda: order_placed.send(sender=Order, request=None, order=order))
    return order


def replace_order_lines(order: Order, lines: list[ExternalLine], *, contact: dict, user=None,
                        note: str = "") -> Order:
    """Edit a new order (its lines and where it goes): the old lines' stock goes back to where it
    came from and the new lines are reserved again, all under the same locks; if the new lines
    cannot be reserved, PlaceOrderError says why and the order stays exactly as it was."""
    if not lines:
        raise PlaceOrderError([_("The order has no lines.")])
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.state != Order.State.NEW:
            raise PlaceOrderError([_("Only a new order can be edited; this one is “%(state)s”.") % {
                "state": order.get_state_display()}])
        old = list(order.lines.select_related("variant").order_by("pk"))
        variants = {line.variant for line in old if line.variant_id} | {line.variant for line in lines}
        stock = lock_stock(sorted(variants, key=lambda variant: variant.pk))
        for line in old:
            if line.variant_id and line.warehouse_id:
                stock.put_back(line.variant_id, line.warehouse_id, line.quantity)
        problems = shortages(lines, stock)
        if problems:
            raise PlaceOrderError(problems)
        order.lines.all().delete()
        _write_lines(order, lines, stock)
        stock.save()
        _set_contact(order, contact)
        _set_totals(order, lines)
        order.save()
        OrderTransition.objects.create(order=order, from_state=order.state, to_state=order.state, user=user,
                                       note=note[:2000])
    return order


def shortages(lines, stock) -> list[str]:
    """What the locked stock cannot cover, one sentence per variant (a variant may come twice)."""
    wanted, first = defaultdict(int), {}
    for line in lines:
        wanted[line.variant.pk] += line.quantity
        first.setdefault(line.variant.pk, line.variant)
    problems = []
    for variant_id, quantity in wanted.items():
        available = stock.available(variant_id)
        if available >= quantity:
            continue
        variant = first[variant_id]
        product = stock.products.get(variant.product_id)
        name = "«{}», {} {}".format(product.name if product else "?", pgettext("orders", "size"),
                                    variant.size)
        if available <= 0:
            problems.append(_("%(name)s is sold out.") % {"name": name})
        else:
            problems.append(_("%(name)s: only %(count)s left, the order wants %(wanted)s.") % {
                "name": name, "count": available, "wanted": quantity})
    return problems


def _write_lines(order, lines, stock):
    rows = []
    for line in lines:
        product = stock.products[line.variant.product_id]
        for record, quantity in stock.take(line.variant.pk, line.quantity):
            warehouse = stock.warehouses[record.warehouse_id]
            rows.append(OrderLine(
                order=order, product=product, variant=line.variant, warehouse=warehouse,
                warehouse_name=warehouse.name, product_name=product.name, sku=line.variant.sku,
                size=line.variant.size, unit_price=line.unit_price, quantity=quantity,
                line_total=line.unit_price * quantity))
    OrderLine.objects.bulk_create(rows)


def _set_contact(order, contact):
    limits = {"name": 150, "phone": 13, "city": 120, "address": 255, "branch": 120}
    for field in CONTACT_FIELDS:
        if field in contact:
            value = (contact[field] or "").strip()
            setattr(order, field, value[:limits[field]] if field in limits else value)


def _set_totals(order, lines):
    order.subtotal = sum((line.unit_price * line.quantity for line in lines), Decimal("0"))
    order.discount = Decimal("0")
    order.total = order.subtotal + (order.delivery_cost or Decimal("0"))
