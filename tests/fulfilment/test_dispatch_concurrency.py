"""Dispatch runs racing on PostgreSQL: row locks keep a line from being mailed twice, or lost
(SQLite serialises writes and ignores SELECT … FOR UPDATE, so these only mean something there)."""

import csv
import io
import threading

import pytest
from django.core import mail
from django.db import connection

from fulfilment import dispatching
from fulfilment.models import Dispatch, DispatchLine
from shop.orders.models import OrderLine
from tests.fulfilment.conftest import confirmed_order, size
from tests.fulfilment.test_dispatch import two_orders  # noqa: F401 - the fixture
from tests.payments.test_concurrency import at_once

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="row locks (SELECT … FOR UPDATE) need PostgreSQL; SQLite has none to race"),
]
WINDOW = "2026-05-04 09:00"


def dispatch_mails():
    """The suppliers' e-mails (the shoppers' order confirmations go out too, after commit)."""
    return [m for m in mail.outbox if any(name.endswith(".csv") for name, _c, _t in m.attachments)]


def mailed_lines():
    """(supplier e-mail, order number) for every order line named in a sent e-mail's CSV."""
    mailed = []
    for message in dispatch_mails():
        content = next(content for name, content, _type in message.attachments if name.endswith(".csv"))
        text = content.decode("utf-8-sig") if isinstance(content, bytes) else content.lstrip("\ufeff")
        mailed += [(message.to[0], row["order"]) for row in csv.DictReader(io.StringIO(text))]
    return mailed


def test_four_runs_of_the_same_window_at_once_mail_each_supplier_once(two_orders):  # noqa: F811
    results = at_once(*[lambda: dispatching.run(WINDOW)] * 4)

    assert all(isinstance(result, dict) for result in results), results
    assert sum(result["sent"] for result in results) == 2
    assert sorted(m.to[0] for m in dispatch_mails()) == ["krok@example.com", "newfeet@example.com"]
    assert DispatchLine.objects.count() == 3
    assert len(mailed_lines()) == 3  # every line once, none twice
    assert set(Dispatch.objects.values_list("status", flat=True)) == {"sent"}
    mixed, single = two_orders
    assert {o.state for o in (mixed, single) if not o.refresh_from_db()} == {"sent_to_supplier"}
    assert mixed.transitions.filter(to_state="sent_to_supplier").count() == 1


def test_a_line_collected_while_a_send_claims_the_dispatch_goes_out_with_it(
        two_orders, supplied, branch_delivery, cod, monkeypatch):  # noqa: F811
    """Run B collects a new line into the same window's dispatch while run A is about to mail it:
    A's claim waits for B's transaction, so the mail carries B's line too. (Without that lock A
    would compose its mail while B waits below, and B's line would be attached to a sent dispatch
    and never mailed; with it, B's wait for A's mail runs out and B commits first.)"""
    shoe, _boots = supplied
    dispatching.collect(WINDOW)
    late = confirmed_order([(size(shoe, "38"), 1)], branch_delivery, cod)
    b_holds_the_dispatch, a_claims, a_composed = threading.Event(), threading.Event(), threading.Event()
    attach = dispatching.DispatchLine.objects.bulk_create
    claim = dispatching._claim
    compose = dispatching.dispatch_message

    def slow_attach(objs, **kwargs):
        if threading.current_thread().name == "B":
            b_holds_the_dispatch.set()
            a_claims.wait(5)
            a_composed.wait(2)
        return attach(objs, **kwargs)

    def composed(dispatch, recipient):
        message = compose(dispatch, recipient)
        a_composed.set()
        return message

    def signalled_claim(dispatch, force=False):
        a_claims.set()
        return claim(dispatch, force=force)

    monkeypatch.setattr(dispatching.DispatchLine.objects, "bulk_create", slow_attach)
    monkeypatch.setattr(dispatching, "_claim", signalled_claim)
    monkeypatch.setattr(dispatching, "dispatch_message", composed)

    def run_a():
        b_holds_the_dispatch.wait(5)
        return dispatching.retry()

    def run_b():
        threading.current_thread().name = "B"
        return dispatching.collect(WINDOW)

    sent, _collected = at_once(run_a, run_b)

    assert sent == 2
    late_line = OrderLine.objects.get(order=late)
    assert late_line.dispatch_line.dispatch.status == "sent"
    assert ("krok@example.com", late.number) in mailed_lines()
