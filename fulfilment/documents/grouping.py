"""A dispatch's lines grouped per order, as every document of the dispatch lists them."""

from dataclasses import dataclass, field

from shop.orders.models import Order


@dataclass
class OrderGroup:
    order: Order
    lines: list = field(default_factory=list)

    @property
    def quantity(self):
        return sum(line.quantity for line in self.lines)

    @property
    def delivery_point(self):
        return self.order.branch or self.order.address


def order_groups(dispatch) -> list[OrderGroup]:
    """The dispatch's lines per order, orders and lines in a stable order. Lines of an order
    cancelled since they were collected are left out: the supplier must not ship them."""
    groups = {}
    lines = (dispatch.lines.select_related("order_line__order")
             .exclude(order_line__order__state=Order.State.CANCELLED)
             .order_by("order_line__order__created_at", "order_line__order_id", "order_line_id"))
    for dispatch_line in lines:
        line = dispatch_line.order_line
        groups.setdefault(line.order_id, OrderGroup(order=line.order)).lines.append(line)
    return list(groups.values())
