"""Order states: only allowed transitions, each logged; cancelling and returning restock."""

import pytest

from shop.customers.signals import email_verified
from shop.models import StockRecord, Warehouse, refresh_product_stock
from shop.orders.models import Order
from shop.orders.services.placement import place_order
from shop.orders.services.states import (
    TransitionError,
    allowed_transitions,
    record_verified_provider_payment,
    transition,
)
from tests.orders.conftest import cart_with, checkout_for, size

pytestmark = pytest.mark.django_db
S = Order.State


@pytest.fixture
def order(shoe, branch_delivery, cod):
    return place_order(checkout_for(cart_with((size(shoe, "38"), 2)), branch_delivery, cod), "k")


def test_the_happy_path_is_logged(order, user):
    transition(order, S.CONFIRMED, user=user, note="Called, confirmed")
    transition(order, S.SENT_TO_SUPPLIER, user=user)
    with pytest.raises(TransitionError, match="ТТН"):
        transition(order, S.SHIPPED, user=user)
    transition(order, S.SHIPPED, user=user, tracking_number=" 20450000000000 ")
    transition(order, S.DELIVERED, user=user)
    order.refresh_from_db()
    assert (order.state, order.tracking_number) == (S.DELIVERED, "20450000000000")
    log = [(t.from_state, t.to_state, t.user) for t in order.transitions.all()]
    assert log == [("", "new", None), ("new", "confirmed", user), ("confirmed", "sent_to_supplier", user),
                   ("sent_to_supplier", "shipped", user), ("shipped", "delivered", user)]
    assert order.transitions.all()[1].note == "Called, confirmed"


@pytest.mark.parametrize("path, bad", [
    ([], S.SHIPPED), ([], S.DELIVERED), ([], S.RETURNED), ([S.CONFIRMED], S.NEW),
    ([S.CANCELLED], S.CONFIRMED), ([S.CONFIRMED, S.SENT_TO_SUPPLIER], S.DELIVERED), ([], "paid"),
])
def test_disallowed_transitions_change_nothing(order, path, bad):
    for state in path:
        transition(order, state)
    before = order.transitions.count()
    with pytest.raises(TransitionError):
        transition(order, bad, tracking_number="X")
    order.refresh_from_db()
    assert order.state == (path[-1] if path else S.NEW)
    assert order.transitions.count() == before


def test_cancelling_puts_stock_back_where_it_came_from(shoe, branch_delivery, cod):
    second = Warehouse.objects.create(name="Склад 2", code="own-2", priority=300)
    variant = size(shoe, "38")
    StockRecord.objects.create(variant=variant, warehouse=second, quantity=3)
    refresh_product_stock([shoe.pk])
    order = place_order(checkout_for(cart_with((variant, 7)), branch_delivery, cod), "k")
    assert dict(StockRecord.objects.filter(variant=variant).values_list("warehouse__code", "quantity")) == {
        "own": 0, "own-2": 1}

    transition(order, S.CANCELLED, note="Customer changed their mind")

    assert dict(StockRecord.objects.filter(variant=variant).values_list("warehouse__code", "quantity")) == {
        "own": 5, "own-2": 3}
    shoe.refresh_from_db()
    assert shoe.total_stock == 9
    assert allowed_transitions(Order.objects.get()) == ()


def test_returning_a_delivered_order_restocks(order, shoe):
    for state in (S.CONFIRMED, S.SENT_TO_SUPPLIER):
        transition(order, state)
    transition(order, S.SHIPPED, tracking_number="1")
    transition(order, S.DELIVERED)
    transition(order, S.RETURNED)
    assert StockRecord.objects.get(variant=size(shoe, "38")).quantity == 5


def test_payment_is_separate_and_only_a_verified_callback_sets_it(order):
    assert order.payment_status == "unpaid"
    record_verified_provider_payment(order, provider="test", reference="abc")
    order.refresh_from_db()
    assert order.payment_status == "paid" and order.state == S.NEW


def test_guest_orders_join_an_account_when_its_email_is_verified(order, user, django_user_model):
    stranger = django_user_model.objects.create_user("x", "x@example.com", "pw")
    email_verified.send(sender=None, user=stranger, email="x@example.com")
    order.refresh_from_db()
    assert order.user is None
    email_verified.send(sender=None, user=user, email="OLENA@example.com")
    order.refresh_from_db()
    assert order.user == user
    assert list(user.orders.all()) == [order]
