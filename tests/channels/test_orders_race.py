"""The web shop and a marketplace race for the last pair (PostgreSQL: row locks; SQLite has none)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from channels.models import Channel, ImportedOrder
from channels.orders.importing import receive
from shop.orders.models import Cart, CartLine, Checkout, DeliveryMethod, Order, PaymentMethod
from shop.orders.services.placement import PlaceOrderError, place_order
from tests.channels.conftest import offer_of, stock_of
from tests.channels.order_fakes import prom_order

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (SELECT … FOR UPDATE) need PostgreSQL; SQLite has none to race",
    ),
]


def web_checkout(variant):
    delivery = DeliveryMethod.objects.get_or_create(
        code="race-branch", defaults={"name": "Нова пошта", "needs": "branch", "price": Decimal("0")}
    )[0]
    payment = PaymentMethod.objects.get_or_create(
        code="race-cod", defaults={"name": "Готівка", "kind": "cod"}
    )[0]
    cart = Cart.objects.create()
    CartLine.objects.create(cart=cart, variant=variant, quantity=1, seen_price=variant.product.current_price)
    return Checkout.objects.create(
        cart=cart,
        delivery_method=delivery,
        payment_method=payment,
        name="Олена",
        phone="+380671234567",
        email="o@example.com",
        city="Київ",
        branch="1",
    )


@pytest.mark.parametrize("round_", range(5))
def test_a_web_order_and_an_imported_order_race_for_the_last_pair(make_shoe, make_channel, round_):
    channel = make_channel(Channel.Kind.PROM_YML, prom_api_token="t", import_orders=True)
    variant = make_shoe(sizes={"38": 1}).variants.get()
    checkout = web_checkout(variant)
    payload = prom_order(7000 + round_, products=[(offer_of(variant), 1, "1000")])
    start = threading.Barrier(2)
    outcomes = {}

    def web():
        try:
            start.wait()
            outcomes["web"] = place_order(checkout, f"race-{round_}")
        except PlaceOrderError as error:
            outcomes["web"] = error
        except Exception as error:  # noqa: BLE001  (a deadlock or anything else is reported)
            outcomes["web"] = ("crash", repr(error))
        finally:
            connections.close_all()

    def marketplace():
        try:
            start.wait()
            outcomes["marketplace"] = receive(channel, payload)
        except Exception as error:  # noqa: BLE001
            outcomes["marketplace"] = ("crash", repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=web), threading.Thread(target=marketplace)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not any(isinstance(o, tuple) for o in outcomes.values()), outcomes
    imported = ImportedOrder.objects.get()
    web_won = isinstance(outcomes["web"], Order)
    if web_won:  # the marketplace order is held for a manager, flagged, nothing reserved
        assert outcomes["marketplace"] == "held" and imported.status == ImportedOrder.Status.HELD
        assert imported.attention[0]["code"] == "stock" and imported.order is None
    else:  # the shopper is told it is sold out
        assert isinstance(outcomes["web"], PlaceOrderError) and outcomes["marketplace"] == "imported"
        assert imported.status == ImportedOrder.Status.PLACED
    assert Order.objects.count() == 1
    assert stock_of(variant) == 0
