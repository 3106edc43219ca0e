"""Refused shipments come back: the return flow puts their goods back into stock exactly once."""

import pytest

from fulfilment.novaposhta.tracking import poll_tracking
from fulfilment.returns import ReturnError, receive_return
from fulfilment.shipments import ensure_shipments, record_tracking
from shop.models import StockRecord
from shop.orders.models import Order
from shop.orders.services.states import transition
from tests.fulfilment.conftest import confirmed_order, size

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped(supplied, branch_delivery, cod, fake_np):
    shoe, boots = supplied
    order = transition(confirmed_order([(size(shoe, "38"), 2), (size(boots, "40"), 1)], branch_delivery, cod),
                       "sent_to_supplier")
    first, second = ensure_shipments(order)
    record_tracking(first, "20450000000011")
    record_tracking(second, "20450000000012")
    order.refresh_from_db()
    assert order.state == Order.State.SHIPPED
    return order, first, second


def stock(variant):
    return sum(StockRecord.objects.filter(variant=variant).values_list("quantity", flat=True))


def test_a_refusal_starts_the_return_and_receipt_restocks_that_shipment_only(shipped, fake_np, supplied):
    order, first, second = shipped
    shoe, boots = supplied
    fake_np.statuses = {"20450000000011": ("103", "Відмова одержувача"),
                        "20450000000012": ("9", "Відправлення отримано")}
    poll_tracking()
    first.refresh_from_db()
    assert first.status == "returning"
    assert stock(size(shoe, "38")) == 8  # nothing back until it arrives

    receive_return(first)

    assert stock(size(shoe, "38")) == 10 and stock(size(boots, "40")) == 9
    order.refresh_from_db()
    assert order.state == Order.State.SHIPPED  # the boots were delivered: not a returned order
    with pytest.raises(ReturnError):
        receive_return(first)
    assert stock(size(shoe, "38")) == 10


def test_when_everything_comes_back_the_order_is_returned_without_restocking_twice(shipped, fake_np,
                                                                                    supplied):
    order, first, second = shipped
    shoe, boots = supplied
    fake_np.statuses = {"20450000000011": ("102", "Відмова"), "20450000000012": ("103", "Відмова")}
    poll_tracking()

    receive_return(first)
    receive_return(second)

    order.refresh_from_db()
    assert order.state == Order.State.RETURNED
    assert stock(size(shoe, "38")) == 10 and stock(size(boots, "40")) == 10


def test_only_a_refused_shipment_can_be_received_back(shipped):
    _order, first, _second = shipped
    with pytest.raises(ReturnError, match="лише посилку, від якої відмовилися"):
        receive_return(first)
