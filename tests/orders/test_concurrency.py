"""Races on PostgreSQL: row locks keep stock and coupon limits exact (SQLite serialises writes
and ignores SELECT … FOR UPDATE, so these tests only mean something on PostgreSQL)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from shop.models import StockRecord
from shop.orders.models import Coupon, CouponUsage, Order
from shop.orders.services.placement import PlaceOrderError, place_order
from tests.orders.conftest import cart_with, checkout_for, size

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="row locks (SELECT … FOR UPDATE) need PostgreSQL; SQLite has none to race"),
]


def race(checkouts):
    """Place every checkout at once, each in its own thread and connection; returns the outcomes."""
    start = threading.Barrier(len(checkouts))
    outcomes = [None] * len(checkouts)

    def run(index, checkout):
        try:
            start.wait()
            outcomes[index] = place_order(checkout, f"race-{index}")
        except PlaceOrderError as error:
            outcomes[index] = error
        except Exception as error:  # a deadlock or anything else: reported, not swallowed
            outcomes[index] = ("crash", repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(checkouts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_fifty_shoppers_race_for_the_last_ten(catalog, branch_delivery, cod):
    from tests.factories import make_product

    shoe = make_product(catalog["sneakers"], price="1890", sizes={"38": 10})
    variant = size(shoe, "38")
    checkouts = [checkout_for(cart_with((variant, 1)), branch_delivery, cod, email=f"s{n}@example.com")
                 for n in range(50)]

    outcomes = race(checkouts)

    crashes = [o for o in outcomes if isinstance(o, tuple)]
    assert crashes == []
    orders = [o for o in outcomes if isinstance(o, Order)]
    refused = [o for o in outcomes if isinstance(o, PlaceOrderError)]
    assert len(orders) == 10 and len(refused) == 40
    assert all(e.problems[0].endswith("розпродано.") for e in refused)
    assert Order.objects.count() == 10
    assert StockRecord.objects.get(variant=variant).quantity == 0
    shoe.refresh_from_db()
    assert shoe.total_stock == 0 and not shoe.in_stock


def test_many_race_for_a_coupon_limited_to_five_uses(catalog, branch_delivery, cod):
    from tests.factories import make_product

    coupon = Coupon.objects.create(code="FIVE", kind="percent", value=Decimal("10"), usage_limit=5)
    # Different products and sizes, so only the coupon row stands between the shoppers.
    # (Stock for all 20: a size that ran out would be a second reason to refuse.)
    products = [make_product(catalog["sneakers"], price="1000", sizes={"38": 20, "39": 20}) for _ in range(4)]
    checkouts = []
    for n in range(20):
        cart = cart_with((size(products[n % 4], "38" if n % 2 else "39"), 1),
                         (size(products[(n + 1) % 4], "38"), 1))
        cart.coupon = coupon
        cart.save()
        checkouts.append(checkout_for(cart, branch_delivery, cod, email=f"c{n}@example.com"))

    outcomes = race(checkouts)

    assert [o for o in outcomes if isinstance(o, tuple)] == []
    assert CouponUsage.objects.filter(coupon=coupon).count() == 5
    placed = [o for o in outcomes if isinstance(o, Order)]
    assert len(placed) == 5 and all(o.discount == Decimal("200.00") for o in placed)
    refused = [o for o in outcomes if isinstance(o, PlaceOrderError)]
    assert len(refused) == 15 and all(e.problems == [refused[0].problems[0]] for e in refused)
    assert "FIVE" in refused[0].problems[0]


def test_four_submissions_with_one_key_make_one_order_and_all_get_it(catalog, branch_delivery, cod):
    """A shopper's browser retrying at once: every request answers with the one order placed."""
    from tests.factories import make_product

    shoe = make_product(catalog["sneakers"], price="1890", sizes={"38": 10})
    checkout = checkout_for(cart_with((size(shoe, "38"), 1)), branch_delivery, cod)
    start = threading.Barrier(4)
    outcomes = []

    def submit():
        try:
            start.wait()
            outcomes.append(place_order(checkout, "double-click"))
        except Exception as error:  # noqa: BLE001  (any refusal is what this test must catch)
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(isinstance(o, Order) for o in outcomes), outcomes
    assert {o.pk for o in outcomes} == {Order.objects.get().pk}
    assert StockRecord.objects.get(variant=size(shoe, "38")).quantity == 9
