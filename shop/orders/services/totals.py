"""Cart and order arithmetic, shared by the cart page and order placement so they always agree."""

from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0.00")


@dataclass
class PricedItem:
    product: object  # shop.Product, with its category loaded
    unit_price: Decimal
    quantity: int

    @property
    def total(self) -> Decimal:
        return self.unit_price * self.quantity


@dataclass
class Totals:
    subtotal: Decimal
    discount: Decimal
    delivery_cost: Decimal
    total: Decimal


def compute_totals(items, coupon=None, delivery_method=None) -> Totals:
    items = list(items)
    subtotal = sum((item.total for item in items), ZERO)
    discount = ZERO
    if coupon is not None:
        eligible = sum(
            (item.total for item in items
             if coupon.applies_to(item.product, item.product.category.path if item.product.category else "")),
            ZERO,
        )
        discount = coupon.discount_for(eligible)
    goods = subtotal - discount
    delivery_cost = delivery_method.cost_for(goods) if delivery_method is not None else ZERO
    return Totals(subtotal, discount, delivery_cost, goods + delivery_cost)
