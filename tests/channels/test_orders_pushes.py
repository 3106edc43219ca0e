"""Our transitions pushed back to Prom.ua and Rozetka, retried with backoff until acknowledged."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from channels.models import ChannelPush, ImportedOrder
from channels.orders import editing, pushing
from channels.orders.importing import import_orders
from shop.orders.models import Order
from shop.orders.services.states import transition
from tests.channels.conftest import offer_of, stock_of
from tests.channels.order_fakes import prom_order, rozetka_order

pytestmark = pytest.mark.django_db
Push = ChannelPush


@pytest.fixture
def boss(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")


def placed(fake, channel, make_shoe, payload_factory, sizes=None):
    shoe = make_shoe(sizes=sizes or {"38": 3})
    fake.put(payload_factory(shoe.variants.first()))
    import_orders(channel.pk)
    return ImportedOrder.objects.get(), shoe


def due(push):
    """Make a waiting push due now, as the schedule would find it later."""
    Push.objects.filter(pk=push.pk).update(next_attempt_at=timezone.now())


def test_approval_confirms_and_tells_prom_until_it_acknowledges(
    prom_api, prom_shop, make_shoe, boss, settings, django_capture_on_commit_callbacks
):
    settings.CHANNEL_PUSH_BACKOFF_SECONDS = 60
    imported, _shoe = placed(
        prom_api, prom_shop, make_shoe, lambda v: prom_order(41, products=[(offer_of(v), 1, "1000")])
    )
    prom_api.script = [
        (502, {"error": "bad gateway"}),
        (200, {"processed_ids": [], "errors": {"41": "busy"}}),
    ]

    with django_capture_on_commit_callbacks(execute=False):
        editing.approve(imported, user=boss)
    push = Push.objects.get()
    assert (push.action, push.status_code, push.state) == ("confirm", "received", "pending")
    assert Order.objects.get().state == Order.State.CONFIRMED

    assert pushing.send(push.pk) is False  # 502
    push.refresh_from_db()
    assert (push.attempts, push.state) == (1, "pending")
    assert timedelta(seconds=55) < push.next_attempt_at - timezone.now() <= timedelta(seconds=60)
    assert pushing.send_due_pushes() == 0  # not due yet
    due(push)
    assert pushing.send(push.pk) is False  # a 200 that did not process the order
    push.refresh_from_db()
    assert push.attempts == 2 and "busy" in push.last_error
    assert push.next_attempt_at - timezone.now() > timedelta(seconds=115)  # doubled
    due(push)
    assert pushing.send_due_pushes() == 1
    push.refresh_from_db()
    assert (push.state, push.attempts) == ("acknowledged", 3)
    assert prom_api.status_calls[-1] == {"ids": [41], "status": "received"}
    assert ImportedOrder.objects.get().status == ImportedOrder.Status.APPROVED


def test_a_push_that_keeps_failing_gives_up_and_is_sent_again_by_hand(
    prom_api, prom_shop, make_shoe, boss, settings
):
    settings.CHANNEL_PUSH_MAX_ATTEMPTS = 2
    imported, _shoe = placed(
        prom_api, prom_shop, make_shoe, lambda v: prom_order(41, products=[(offer_of(v), 1, "1000")])
    )
    editing.approve(imported, user=boss)
    push = Push.objects.get()
    prom_api.script = [(500, {"error": "down"})] * 2
    pushing.send(push.pk)
    due(push)
    pushing.send(push.pk)
    push.refresh_from_db()
    assert push.state == "failed"
    assert "push_failed" in [item["code"] for item in ImportedOrder.objects.get().attention]

    editing.send_again(push, user=boss)
    assert pushing.send(push.pk) is True
    assert ImportedOrder.objects.get().attention == []


def test_a_shipment_sends_the_waybill_to_prom_after_the_confirmation(prom_api, prom_shop, make_shoe, boss):
    imported, _shoe = placed(
        prom_api, prom_shop, make_shoe, lambda v: prom_order(41, products=[(offer_of(v), 1, "1000")])
    )
    editing.approve(imported, user=boss)
    order = transition(Order.objects.get(), "sent_to_supplier")
    transition(order, "shipped", tracking_number="20450000000001,20450000000002")
    confirm, ship = Push.objects.order_by("pk")
    assert pushing.send(ship.pk) is False  # the confirmation goes first
    assert pushing.send(confirm.pk) and pushing.send(ship.pk)
    assert prom_api.declaration_calls == [
        {"order_id": 41, "declaration_id": "20450000000001", "delivery_type": "nova_poshta"},
        {"order_id": 41, "declaration_id": "20450000000002", "delivery_type": "nova_poshta"},
    ]


def test_a_prom_cancellation_carries_the_reason_and_restocks(prom_api, prom_shop, make_shoe, boss):
    imported, shoe = placed(
        prom_api, prom_shop, make_shoe, lambda v: prom_order(41, products=[(offer_of(v), 2, "1000")])
    )
    with pytest.raises(editing.ActionError):
        editing.cancel(imported, user=boss, reason="made_up")
    editing.cancel(imported, user=boss, reason="not_available")
    assert stock_of(shoe.variants.get()) == 3
    push = Push.objects.get()
    assert pushing.send(push.pk)
    assert prom_api.status_calls == [
        {"ids": [41], "status": "canceled", "cancellation_reason": "not_available"}
    ]


def test_rozetka_cancel_without_a_reason_waits_for_one(rozetka_api, rozetka_shop, make_shoe, boss):
    imported, _shoe = placed(
        rozetka_api,
        rozetka_shop,
        make_shoe,
        lambda v: rozetka_order(88, purchases=[(offer_of(v), 1, "1500.00")]),
    )
    transition(imported.order, "cancelled", user=boss, note="from the orders admin")  # no reason there
    push = Push.objects.get()
    assert push.state == "needs_reason" and pushing.send(push.pk) is False
    assert "cancel_reason" in [item["code"] for item in ImportedOrder.objects.get().attention]
    with pytest.raises(editing.ActionError):
        editing.give_reason(push, user=boss, reason="1")  # "new" is no cancellation reason
    editing.give_reason(push, user=boss, reason="42")
    assert pushing.send(push.pk)
    assert rozetka_api.puts == [(88, {"status": 42})]


def test_rozetka_confirm_and_ship_with_the_waybill(rozetka_api, rozetka_shop, make_shoe, boss):
    imported, _shoe = placed(
        rozetka_api,
        rozetka_shop,
        make_shoe,
        lambda v: rozetka_order(88, purchases=[(offer_of(v), 1, "1500.00")]),
    )
    editing.approve(imported, user=boss)
    order = transition(Order.objects.get(), "sent_to_supplier")
    transition(order, "shipped", tracking_number="20450000000009")
    assert pushing.send_due_pushes() == 2
    assert rozetka_api.puts == [(88, {"status": 26}), (88, {"status": 61, "ttn": "20450000000009"})]


def test_rozetka_refusing_a_push_with_success_false_is_retried(rozetka_api, rozetka_shop, make_shoe, boss):
    imported, _shoe = placed(
        rozetka_api,
        rozetka_shop,
        make_shoe,
        lambda v: rozetka_order(88, purchases=[(offer_of(v), 1, "1500.00")]),
    )
    editing.approve(imported, user=boss)
    push = Push.objects.get()
    rozetka_api.script = [
        (200, {"success": False, "errors": {"message": "Next status unavailable", "code": 1005}})
    ]
    assert pushing.send(push.pk) is False
    push.refresh_from_db()
    assert push.state == "pending" and "1005" in push.last_error
    due(push)
    assert pushing.send(push.pk) is True


@pytest.mark.prom_live
@pytest.mark.skipif(not os.environ.get("PROM_API_TOKEN"), reason="set PROM_API_TOKEN to call the real API")
def test_the_real_prom_orders_list_answers():
    from channels.orders.prom import PromOrdersClient

    client = PromOrdersClient(os.environ["PROM_API_TOKEN"], base_url="https://my.prom.ua/api/v1", page_size=5)
    orders = []
    for order in client.changed_orders(timezone.now() - timedelta(days=3)):
        orders.append(order)
        if len(orders) >= 5:
            break
    assert all("id" in order and "status" in order for order in orders)


@pytest.mark.rozetka_live
@pytest.mark.skipif(
    not os.environ.get("ROZETKA_API_TOKEN"), reason="set ROZETKA_API_TOKEN to call the real API"
)
def test_the_real_rozetka_order_search_answers():
    from channels.orders.rozetka import RozetkaOrdersClient, parse_order

    client = RozetkaOrdersClient(
        token=os.environ["ROZETKA_API_TOKEN"], base_url="https://api-seller.rozetka.com.ua", max_pages=1
    )
    try:
        orders = list(client.changed_orders(timezone.now() - timedelta(days=3)))
    except Exception as error:  # more than a page is fine for a smoke test
        assert "pages" in str(error)
        return
    for order in orders:
        assert parse_order(order).external_id
