"""Seed 002's editing flow: a manager edits an imported order before approving it; the edit is
logged, and the approved version is what fulfilment gets."""

from decimal import Decimal

import pytest

from channels.models import ImportedOrder, ImportedOrderEvent
from channels.orders import editing
from channels.orders.editing import DraftLine
from channels.orders.importing import import_orders
from shop.orders.models import Order
from tests.channels.conftest import offer_of, stock_of
from tests.channels.order_fakes import prom_order

pytestmark = pytest.mark.django_db
Status = ImportedOrder.Status


@pytest.fixture
def boss(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")


def contact(**fields):
    values = {
        "name": "Олена Коваль",
        "phone": "0671234567",
        "city": "Одеса",
        "branch": "5",
        "address": "",
        "email": "",
        "comment": "",
    }
    values.update(fields)
    return values


def test_an_edit_moves_the_reservation_and_the_approved_version_goes_to_fulfilment(
    prom_api, prom_shop, make_shoe, boss
):
    shoe = make_shoe(sizes={"38": 3, "39": 2})
    size38, size39 = shoe.variants.get(size="38"), shoe.variants.get(size="39")
    prom_api.put(prom_order(9, products=[(offer_of(size38), 1, "1200")]))
    import_orders(prom_shop.pk)
    imported = ImportedOrder.objects.get()
    assert stock_of(size38) == 2

    # The buyer called: size 39, two pairs, to Odesa.
    editing.edit(imported, lines=[DraftLine(size39, 2, Decimal("1200"))], contact=contact(), user=boss)

    assert (stock_of(size38), stock_of(size39)) == (3, 0)
    order = Order.objects.get()
    [line] = order.lines.all()
    assert (line.variant, line.quantity, order.total) == (size39, 2, Decimal("2400.00"))
    assert (order.city, order.branch, order.phone) == ("Одеса", "5", "+380671234567")
    edit_event = imported.events.get(kind=ImportedOrderEvent.Kind.EDITED)
    assert edit_event.user == boss and "Одеса" in edit_event.message and "× 1" in edit_event.message
    assert order.transitions.filter(note__contains="Одеса").exists()

    editing.approve(imported, user=boss)
    order.refresh_from_db()
    assert order.state == Order.State.CONFIRMED  # fulfilment dispatches confirmed orders' lines
    assert [(line.variant, line.quantity) for line in order.lines.all()] == [(size39, 2)]
    with pytest.raises(editing.ActionError):  # the approved version is final
        editing.edit(imported, lines=[DraftLine(size38, 1, Decimal("1200"))], contact=contact(), user=boss)


def test_an_edit_that_cannot_be_reserved_changes_nothing(prom_api, prom_shop, make_shoe, boss):
    shoe = make_shoe(sizes={"38": 3, "39": 1})
    size38, size39 = shoe.variants.get(size="38"), shoe.variants.get(size="39")
    prom_api.put(prom_order(9, products=[(offer_of(size38), 1, "1200")]))
    import_orders(prom_shop.pk)
    imported = ImportedOrder.objects.get()

    with pytest.raises(editing.ActionError, match="39"):
        editing.edit(
            imported, lines=[DraftLine(size39, 2, Decimal("1200"))], contact=contact(city="Рівне"), user=boss
        )

    assert (stock_of(size38), stock_of(size39)) == (2, 1)
    imported.refresh_from_db()
    assert imported.city == "" and imported.lines.get().variant == size38 and not imported.edited
    assert Order.objects.get().lines.get().variant == size38


def test_a_held_order_is_placed_once_a_manager_matches_its_line(prom_api, prom_shop, make_shoe, boss):
    shoe = make_shoe(sizes={"38": 3})
    size38 = shoe.variants.get()
    prom_api.put(prom_order(9, products=[("old-feed-77", 1, "1200")]))
    import_orders(prom_shop.pk)
    imported = ImportedOrder.objects.get()
    assert imported.status == Status.HELD
    with pytest.raises(editing.ActionError):
        editing.approve(imported, user=boss)

    line = imported.lines.get()
    editing.edit(
        imported,
        lines=[DraftLine(size38, 1, line.unit_price, line.name, line.offer_id, line)],
        contact=contact(),
        user=boss,
    )

    imported.refresh_from_db()
    assert imported.status == Status.PLACED and imported.attention == []
    assert stock_of(size38) == 2 and imported.order.lines.get().variant == size38


def test_a_held_order_can_be_dismissed_with_a_reason_but_never_silently(prom_api, prom_shop, boss):
    prom_api.put(prom_order(9, products=[("old-feed-77", 1, "1200")]))
    import_orders(prom_shop.pk)
    imported = ImportedOrder.objects.get()
    with pytest.raises(editing.ActionError):
        editing.dismiss(imported, user=boss, note=" ")
    editing.dismiss(imported, user=boss, note="test order")
    imported.refresh_from_db()
    assert (
        imported.status == Status.DISMISSED
        and imported.events.filter(message__contains="test order").exists()
    )


def test_a_new_channel_gets_the_default_status_table(make_channel):
    from channels.models import Channel, StatusMapping

    rozetka = make_channel(Channel.Kind.ROZETKA_YML)
    rows = {m.code: m for m in StatusMapping.objects.filter(channel=rozetka)}
    assert rows["1"].target == "new" and rows["26"].push_for == "confirmed"
    assert rows["61"].push_for == "shipped" and rows["19"].target == "returned"
    assert rows["42"].cancel_reason and not rows["13"].cancel_reason
    google = make_channel(Channel.Kind.GOOGLE_MERCHANT)
    assert not StatusMapping.objects.filter(channel=google).exists()


def test_goods_the_channel_changes_after_placement_wait_for_a_manager(prom_api, prom_shop, make_shoe, boss):
    shoe = make_shoe(sizes={"38": 3, "39": 3})
    size38, size39 = shoe.variants.get(size="38"), shoe.variants.get(size="39")
    prom_api.put(prom_order(9, products=[(offer_of(size38), 1, "1200")]))
    import_orders(prom_shop.pk)
    prom_api.put(prom_order(9, products=[(offer_of(size39), 1, "1200")]))
    import_orders(prom_shop.pk)

    imported = ImportedOrder.objects.get()
    assert "channel_lines" in [item["code"] for item in imported.attention]
    assert Order.objects.get().lines.get().variant == size38  # the reservation is not changed behind us
    with pytest.raises(editing.ActionError):
        editing.approve(imported, user=boss)
    editing.edit(imported, lines=[DraftLine(size39, 1, Decimal("1200"))], contact=contact(), user=boss)
    editing.approve(imported, user=boss)
    assert Order.objects.get().state == Order.State.CONFIRMED and stock_of(size39) == 2
