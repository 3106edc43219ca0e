"""Marketplace orders in: imports from local fakes of the Prom.ua and Rozetka APIs."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from channels.models import ImportedOrder, ImportedOrderEvent, ImportRun, StatusMapping
from channels.orders.importing import import_orders
from shop.orders.models import Order
from tests.channels.conftest import offer_of, stock_of
from tests.channels.order_fakes import prom_order, rozetka_order

pytestmark = pytest.mark.django_db
Status = ImportedOrder.Status


def run(channel):
    result = import_orders(channel.pk, "manual")
    assert result is not None
    return result


def test_a_prom_order_is_stored_once_placed_and_reserves_stock(prom_api, prom_shop, make_shoe):
    shoe = make_shoe(price="1890", sizes={"38": 3, "39": 1})
    size38 = shoe.variants.get(size="38")
    prom_api.put(prom_order(101, products=[(offer_of(size38), 2, "1 799,50 грн")]))

    result = run(prom_shop)

    assert (result.status, result.fetched, result.imported, result.held) == ("done", 1, 1, 0)
    imported = ImportedOrder.objects.get()
    assert (imported.channel, imported.external_id, imported.status) == (prom_shop, "101", Status.PLACED)
    assert imported.payload["products"][0]["price"] == "1 799,50 грн"  # the raw payload as sent
    order = imported.order
    assert (order.source_channel, order.external_id, order.state) == (f"prom:{prom_shop.pk}", "101", "new")
    [line] = order.lines.all()
    assert (line.variant, line.quantity, line.unit_price) == (size38, 2, Decimal("1799.50"))
    assert order.total == Decimal("3599.00") and order.payment_kind == "cod"
    assert stock_of(size38) == 1  # reserved through the checkout's allocation
    assert prom_api.list_calls[0]["limit"] == "100"


def test_a_repoll_and_the_overlap_change_nothing(prom_api, prom_shop, make_shoe):
    shoe = make_shoe(sizes={"38": 3})
    prom_api.put(prom_order(101, products=[(offer_of(shoe.variants.get()), 1, "1000")]))
    run(prom_shop)
    imported = ImportedOrder.objects.get()
    events, stamp = imported.events.count(), imported.updated_at

    second = run(prom_shop)

    assert (second.fetched, second.imported, second.updated, second.unchanged) == (1, 0, 0, 1)
    imported.refresh_from_db()
    assert imported.updated_at == stamp and imported.events.count() == events
    assert Order.objects.count() == 1 and stock_of(shoe.variants.get()) == 2
    # The second run asked from the first run's start minus the overlap.
    first_run = ImportRun.objects.order_by("started_at").first()
    assert second.modified_since == first_run.started_at - timedelta(minutes=15)


@pytest.mark.parametrize("inclusive", [False, True], ids=["last_id-exclusive", "last_id-inclusive"])
def test_keyset_paging_loses_and_duplicates_nothing_while_orders_arrive(
    prom_api, prom_shop, make_shoe, settings, inclusive
):
    settings.CHANNEL_ORDERS_PAGE_SIZE = 2
    prom_api.inclusive = inclusive
    shoe = make_shoe(sizes={"38": 50})
    offer = offer_of(shoe.variants.get())
    for order_id in range(1, 8):
        prom_api.put(prom_order(order_id, products=[(offer, 1, "100")]))

    def during(page):
        if page == 1:  # a new order, and an old one changed, while the import pages
            prom_api.put(prom_order(8, products=[(offer, 1, "100")]))
            prom_api.put(prom_order(2, status="received", products=[(offer, 1, "100")]))

    prom_api.on_page = during
    first = run(prom_shop)
    prom_api.on_page = None
    second = run(prom_shop)

    ids = sorted(int(i) for i in ImportedOrder.objects.values_list("external_id", flat=True))
    assert ids == list(range(1, 9))
    assert Order.objects.count() == 8 and stock_of(shoe.variants.get()) == 42
    assert first.imported + second.imported == 8
    assert [c.get("last_id") for c in prom_api.list_calls[:3]] == [None, "6", "4"] if not inclusive else True
    assert ImportedOrder.objects.get(external_id="2").order.state == Order.State.CONFIRMED


def test_an_unmatched_line_holds_the_whole_order(prom_api, prom_shop, make_shoe):
    shoe = make_shoe(sizes={"38": 3})
    size38 = shoe.variants.get()
    prom_api.put(prom_order(7, products=[(offer_of(size38), 1, "1000"), ("elsewhere-999", 1, "500")]))

    result = run(prom_shop)

    imported = ImportedOrder.objects.get()
    assert (result.imported, result.held) == (1, 1)
    assert imported.status == Status.HELD and imported.order is None
    assert [item["code"] for item in imported.attention] == ["unmatched"]
    assert "elsewhere-999" in imported.attention[0]["text"]
    assert stock_of(size38) == 3 and not Order.objects.exists()  # nothing placed without the line
    assert imported.lines.count() == 2  # never dropped
    assert imported.events.filter(kind=ImportedOrderEvent.Kind.HELD).exists()


def test_an_order_that_cannot_be_fully_reserved_is_held_with_the_reason(prom_api, prom_shop, make_shoe):
    shoe = make_shoe(sizes={"38": 1})
    prom_api.put(prom_order(7, products=[(offer_of(shoe.variants.get()), 3, "1000")]))
    run(prom_shop)
    imported = ImportedOrder.objects.get()
    assert imported.status == Status.HELD and imported.attention[0]["code"] == "stock"
    assert "only 1 left" in imported.attention[0]["text"] or "лише 1" in imported.attention[0]["text"]
    assert stock_of(shoe.variants.get()) == 1


def test_an_offer_id_of_another_suppliers_variant_does_not_match(prom_api, prom_shop, make_shoe):
    shoe = make_shoe(sizes={"38": 3})
    prom_api.put(prom_order(7, products=[(f"other-{shoe.variants.get().pk}", 1, "1000")]))
    run(prom_shop)
    assert ImportedOrder.objects.get().status == Status.HELD


def test_state_mapping_moves_forward_and_never_back(prom_api, prom_shop, make_shoe):
    shoe = make_shoe(sizes={"38": 3})
    offer = offer_of(shoe.variants.get())
    prom_api.put(prom_order(5, products=[(offer, 1, "1000")]))
    run(prom_shop)
    prom_api.put(prom_order(5, status="received", products=[(offer, 1, "1000")]))
    run(prom_shop)
    order = Order.objects.get()
    assert order.state == Order.State.CONFIRMED
    assert ImportedOrder.objects.get().status == Status.APPROVED

    prom_api.put(prom_order(5, status="pending", products=[(offer, 1, "1000")]))  # late, out of order
    run(prom_shop)

    order.refresh_from_db()
    assert order.state == Order.State.CONFIRMED
    imported = ImportedOrder.objects.get()
    late = imported.events.filter(kind=ImportedOrderEvent.Kind.IGNORED).get()
    assert "pending" in late.message
    assert order.transitions.filter(from_state="confirmed", to_state="confirmed").exists()  # the order's log
    assert not prom_api.status_calls  # what the channel did is not pushed back to it


def test_a_cancel_before_shipment_cancels_and_restocks(prom_api, prom_shop, make_shoe):
    shoe = make_shoe(sizes={"38": 3})
    offer = offer_of(shoe.variants.get())
    prom_api.put(prom_order(5, products=[(offer, 2, "1000")]))
    run(prom_shop)
    assert stock_of(shoe.variants.get()) == 1
    prom_api.put(prom_order(5, status="canceled", products=[(offer, 2, "1000")]))
    run(prom_shop)
    assert Order.objects.get().state == Order.State.CANCELLED
    assert stock_of(shoe.variants.get()) == 3


def test_a_cancel_after_shipment_becomes_a_return_not_a_cancellation(prom_api, prom_shop, make_shoe):
    from shop.orders.services.states import transition

    shoe = make_shoe(sizes={"38": 3})
    offer = offer_of(shoe.variants.get())
    prom_api.put(prom_order(5, products=[(offer, 1, "1000")]))
    run(prom_shop)
    order = Order.objects.get()
    for state in ("confirmed", "sent_to_supplier"):
        order = transition(order, state)
    transition(order, "shipped", tracking_number="20450000000001")
    prom_api.put(prom_order(5, status="canceled", products=[(offer, 1, "1000")]))

    run(prom_shop)

    order.refresh_from_db()
    imported = ImportedOrder.objects.get()
    assert order.state == Order.State.SHIPPED
    assert imported.return_requested and "return" in [item["code"] for item in imported.attention]
    assert stock_of(shoe.variants.get()) == 2  # nothing back before the goods are


def test_an_unknown_status_is_flagged_and_added_to_the_table_unmapped(prom_api, prom_shop, make_shoe):
    shoe = make_shoe(sizes={"38": 3})
    offer = offer_of(shoe.variants.get())
    prom_api.put(prom_order(5, products=[(offer, 1, "1000")]))
    run(prom_shop)
    prom_api.put(
        prom_order(5, status="custom_42", status_name="Чекає дзвінка", products=[(offer, 1, "1000")])
    )
    run(prom_shop)

    mapping = StatusMapping.objects.get(channel=prom_shop, code="custom_42")
    assert (mapping.target, mapping.label) == ("", "Чекає дзвінка")
    imported = ImportedOrder.objects.get()
    assert "unknown_status" in [item["code"] for item in imported.attention]
    assert Order.objects.get().state == Order.State.NEW

    mapping.target = Order.State.CONFIRMED  # the manager maps it: the next change follows the table
    mapping.save()
    prom_api.put(prom_order(5, status="received", products=[(offer, 1, "1000")]))
    run(prom_shop)
    assert Order.objects.get().state == Order.State.CONFIRMED
    assert "unknown_status" not in [item["code"] for item in ImportedOrder.objects.get().attention]


def test_an_order_already_cancelled_on_arrival_is_kept_but_never_placed(prom_api, prom_shop, make_shoe):
    shoe = make_shoe(sizes={"38": 3})
    prom_api.put(prom_order(5, status="canceled", products=[(offer_of(shoe.variants.get()), 1, "1000")]))
    run(prom_shop)
    assert ImportedOrder.objects.get().status == Status.DISMISSED
    assert not Order.objects.exists() and stock_of(shoe.variants.get()) == 3


def test_an_unreadable_order_is_held_raw_and_the_rest_goes_on(prom_api, prom_shop, make_shoe):
    shoe = make_shoe(sizes={"38": 3})
    offer = offer_of(shoe.variants.get())
    prom_api.put(prom_order(5, products=[(offer, "two", "1000")]))
    prom_api.put(prom_order(6, products=[(offer, 1, "1000")]))
    result = run(prom_shop)
    assert result.status == "done" and result.imported == 2
    broken = ImportedOrder.objects.get(external_id="5")
    assert broken.status == Status.HELD and broken.attention[0]["code"] == "unreadable"
    assert broken.payload["products"][0]["quantity"] == "two"
    assert ImportedOrder.objects.get(external_id="6").status == Status.PLACED


def test_a_wrong_prom_token_fails_the_run_and_keeps_the_watermark(prom_api, make_channel):
    from channels.models import Channel

    channel = make_channel(Channel.Kind.PROM_YML, prom_api_token="wrong", import_orders=True)
    first = run(channel)
    assert first.status == "failed" and "401" in first.message
    second = run(channel)
    assert second.modified_since <= timezone.now() - timedelta(days=6)  # still the first window


# --- Rozetka ---


def test_rozetka_success_false_inside_a_200_is_an_error_and_stores_nothing(
    rozetka_api, rozetka_shop, make_shoe
):
    shoe = make_shoe(sizes={"38": 3})
    rozetka_api.put(rozetka_order(77, purchases=[(offer_of(shoe.variants.get()), 1, "1500.00")]))
    rozetka_api.script = [(200, {"success": False, "errors": {"message": "Access denied", "code": 1010}})]

    result = run(rozetka_shop)

    assert result.status == "failed"
    assert "success: false" in result.message and "1010" in result.message
    assert not ImportedOrder.objects.exists() and stock_of(shoe.variants.get()) == 3
    assert run(rozetka_shop).imported == 1  # the next run asks for the same window again


def test_rozetka_pages_by_id_and_an_order_changed_mid_paging_is_not_lost(
    rozetka_api, rozetka_shop, make_shoe
):
    shoe = make_shoe(sizes={"38": 20})
    offer = offer_of(shoe.variants.get())
    for order_id in (11, 12, 13, 14, 15):
        rozetka_api.put(rozetka_order(order_id, purchases=[(offer, 1, "1500.00")]))

    def during(page):
        if page == 1:
            rozetka_api.put(rozetka_order(16, purchases=[(offer, 1, "1500.00")]))
            rozetka_api.put(
                rozetka_order(11, status=26, changed="2026-12-01 12:05:00", purchases=[(offer, 1, "1500.00")])
            )

    rozetka_api.on_page = during
    run(rozetka_shop)
    rozetka_api.on_page = None
    run(rozetka_shop)

    assert sorted(ImportedOrder.objects.values_list("external_id", flat=True)) == [
        str(i) for i in range(11, 17)
    ]
    assert Order.objects.count() == 6 and stock_of(shoe.variants.get()) == 14
    assert {call["sort"] for call in rozetka_api.search_calls} == {"id"}
    imported = ImportedOrder.objects.get(external_id="11")
    assert imported.channel_status == "26" and imported.order.state == Order.State.NEW  # 26 keeps it new
    order = imported.order
    assert (order.city, order.branch, order.phone, order.payment_kind) == (
        "Львів",
        "7",
        "+380671234567",
        "cod",
    )


def test_rozetka_logs_in_with_the_password_and_again_when_the_token_expires(rozetka_api, make_channel):
    from channels.models import Channel

    channel = make_channel(
        Channel.Kind.ROZETKA_YML, rozetka_username="seller", rozetka_password="пароль", import_orders=True
    )
    rozetka_api.put(rozetka_order(21))
    assert run(channel).status == "done"
    assert rozetka_api.logins == [{"username": "seller", "password": "0L/QsNGA0L7Qu9GM"}]  # base64 of UTF-8
    rozetka_api.script = [
        (200, {"success": False, "errors": {"message": "expired", "code": "incorrect_access_token"}})
    ]
    rozetka_api.put(rozetka_order(22))
    assert run(channel).status == "done"
    assert len(rozetka_api.logins) == 3  # one per run, and once more when the second run's token expired
    assert ImportedOrder.objects.filter(external_id="22").exists()


def test_an_older_rozetka_payload_after_a_newer_one_is_not_applied(rozetka_api, rozetka_shop, make_shoe):
    from channels.orders.importing import receive

    shoe = make_shoe(sizes={"38": 3})
    offer = offer_of(shoe.variants.get())
    receive(
        rozetka_shop, rozetka_order(31, status=2, changed="2026-12-02 10:00:00", purchases=[(offer, 1, "9")])
    )
    outcome = receive(
        rozetka_shop, rozetka_order(31, status=1, changed="2026-12-02 09:00:00", purchases=[(offer, 1, "9")])
    )
    assert outcome == "unchanged"
    imported = ImportedOrder.objects.get()
    assert imported.channel_status == "2" and imported.order.state == Order.State.CONFIRMED
    assert imported.events.filter(kind=ImportedOrderEvent.Kind.IGNORED).exists()


def test_a_busy_channel_does_not_import_twice_at_once(prom_api, prom_shop):
    from channels.lock import ChannelLock
    from channels.models import OrderImportLock

    lock = ChannelLock(prom_shop, model=OrderImportLock).acquire()
    try:
        assert import_orders(prom_shop.pk) is None
    finally:
        assert lock.release() is True  # the busy run asked for another one
