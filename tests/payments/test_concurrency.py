"""Races on PostgreSQL: the Payment row lock makes a provider's retries and our expiry take turns
(SQLite serialises writes and ignores SELECT … FOR UPDATE, so these only mean something there)."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from payments.expiry import expire_unpaid_orders
from shop.models import StockRecord
from shop.orders.models import Order, OrderTransition

from .fakes import liqpay_callback
from .test_expiry import age

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="row locks (SELECT … FOR UPDATE) need PostgreSQL; SQLite has none to race"),
]


def at_once(*jobs):
    start = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            start.wait()
            results[index] = job()
        except Exception as error:  # reported, not swallowed
            results[index] = ("crash", repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_the_same_callback_six_times_at_once_is_applied_once(paying):
    order, payment = paying("liqpay")
    form = liqpay_callback(payment)
    url = reverse("payment_callbacks:callback", args=["liqpay"])
    statuses = at_once(*[lambda: Client().post(url, form).status_code] * 6)
    assert statuses == [200] * 6
    assert payment.callbacks.count() == 1
    assert OrderTransition.objects.filter(order=order, note__startswith="Paid via").count() == 1


def test_a_success_racing_the_expiry_leaves_a_consistent_order(paying, shoe):
    order, payment = paying("liqpay", quantity=2)
    age(order, 61)
    url = reverse("payment_callbacks:callback", args=["liqpay"])
    form = liqpay_callback(payment)
    status, expired = at_once(lambda: Client().post(url, form).status_code, expire_unpaid_orders)
    assert (status, expired) in ((200, 0), (200, 1))
    order.refresh_from_db()
    quantity = StockRecord.objects.get(variant__product=shoe, variant__size="38").quantity
    assert order.payment_status == "paid"
    # Paid first: the expiry leaves it alone. Expired first: cancelled once, stock back once.
    assert (order.state, quantity) == (("new", 3) if expired == 0 else ("cancelled", 5))


def cancel_by_hand(order):
    from shop.orders.services.states import TransitionError, transition

    def job():
        try:
            transition(order, "cancelled", note="The shopper phoned to cancel")
        except TransitionError:
            return "refused"
        return "cancelled"
    return job


def stock_of(shoe):
    return StockRecord.objects.get(variant__product=shoe, variant__size="38").quantity


def test_the_expiry_racing_a_managers_cancel_returns_the_stock_once(paying, shoe):
    order, _payment = paying("liqpay", quantity=2)
    age(order, 61)

    expired, cancelled = at_once(expire_unpaid_orders, cancel_by_hand(order))

    assert sorted([expired, cancelled], key=str) in ([0, "cancelled"], [1, "refused"])
    order.refresh_from_db()
    assert (order.state, stock_of(shoe)) == ("cancelled", 5)
    assert OrderTransition.objects.filter(order=order, to_state="cancelled").count() == 1


def test_two_expiry_runs_at_once_cancel_and_restock_once(paying, shoe):
    order, _payment = paying("liqpay", quantity=2)
    age(order, 61)

    results = at_once(expire_unpaid_orders, expire_unpaid_orders, expire_unpaid_orders)

    assert sorted(results) == [0, 0, 1]
    assert (Order.objects.get(pk=order.pk).state, stock_of(shoe)) == ("cancelled", 5)


def test_the_expiry_finding_a_payment_paid_races_its_callback_and_records_it_once(paying, provider_api, shoe):
    order, payment = paying("liqpay", quantity=2)
    provider_api.at_provider[payment.reference] = (payment, "success")
    age(order, 61)
    url = reverse("payment_callbacks:callback", args=["liqpay"])
    form = liqpay_callback(payment)

    status, expired = at_once(lambda: Client().post(url, form).status_code, expire_unpaid_orders)

    assert (status, expired) == (200, 0)
    order.refresh_from_db()
    assert (order.state, order.payment_status, stock_of(shoe)) == ("new", "paid", 3)
    assert OrderTransition.objects.filter(order=order, note__startswith="Paid via").count() == 1


def test_a_late_refund_racing_the_expiry_leaves_one_cancel_and_the_stock_back_once(paying, shoe):
    order, payment = paying("liqpay", quantity=2)
    age(order, 61)
    url = reverse("payment_callbacks:callback", args=["liqpay"])
    refund = liqpay_callback(payment, status="reversed")

    status, expired = at_once(lambda: Client().post(url, refund).status_code, expire_unpaid_orders)

    assert status == 200
    order.refresh_from_db()
    assert order.payment_status == "refunded"
    # A refund after the cancel writes a note (cancelled -> cancelled): it is not a second cancel.
    cancels = OrderTransition.objects.filter(order=order, to_state="cancelled").exclude(
        from_state="cancelled")
    assert cancels.count() == expired
    assert stock_of(shoe) == (5 if expired else 3)
