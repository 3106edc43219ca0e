"""Races on PostgreSQL: the Payment row lock makes a provider's retries and our expiry take turns
(SQLite serialises writes and ignores SELECT … FOR UPDATE, so these only mean something there)."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from payments.expiry import expire_unpaid_orders
from shop.models import StockRecord
from shop.orders.models import OrderTransition

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
