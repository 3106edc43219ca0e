"""Imported orders, status mapping, order imports and pushes in the Wagtail admin."""

import pytest
from django.urls import reverse

from channels.models import Channel, ChannelPush, ImportedOrder, ImportRun, StatusMapping
from channels.orders.importing import import_orders
from shop.orders.models import Order
from tests.channels.conftest import offer_of, stock_of
from tests.channels.order_fakes import prom_order

pytestmark = pytest.mark.django_db
NS = "wagtailsnippets_channels_importedorder"


@pytest.fixture
def two_orders(prom_api, prom_shop, make_shoe):
    shoe = make_shoe(sizes={"38": 3, "39": 2})
    size38 = shoe.variants.get(size="38")
    prom_api.put(
        prom_order(1, products=[(offer_of(size38), 1, "1000")], client_notes='<script>alert("x")</script>')
    )
    prom_api.put(prom_order(2, products=[("gone-1", 1, "500")]))
    import_orders(prom_shop.pk)
    return ImportedOrder.objects.get(external_id="1"), ImportedOrder.objects.get(external_id="2"), shoe


def test_the_list_filters_the_orders_that_need_a_manager(boss_client, two_orders):
    placed, held, _shoe = two_orders
    page = boss_client.get(reverse(f"{NS}:list") + "?attention=true").content.decode()
    assert reverse(f"{NS}:inspect", args=[held.pk]) in page
    assert reverse(f"{NS}:inspect", args=[placed.pk]) not in page
    page = boss_client.get(reverse(f"{NS}:list")).content.decode()
    assert reverse(f"{NS}:inspect", args=[placed.pk]) in page


def test_the_order_page_shows_channel_ids_the_escaped_payload_and_the_log(boss_client, two_orders, prom_shop):
    placed, _held, _shoe = two_orders
    page = boss_client.get(reverse(f"{NS}:inspect", args=[placed.pk])).content.decode()
    assert str(prom_shop) in page and 'class="imported-order-external-id">1<' in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "\n  &quot;client_notes&quot;: " in page  # pretty-printed, one key a line
    assert "Placed as order" in page or "Розміщено" in page  # the log
    assert placed.order.number in page


def test_approving_in_the_admin_confirms_and_plans_the_push(boss_client, two_orders):
    placed, _held, _shoe = two_orders
    response = boss_client.post(reverse(f"{NS}:approve", args=[placed.pk]))
    assert response.status_code == 302
    assert Order.objects.get(pk=placed.order_id).state == Order.State.CONFIRMED
    assert ChannelPush.objects.get().action == "confirm"
    assert boss_client.get(reverse(f"{NS}:approve", args=[placed.pk])).status_code == 405


def test_editing_in_the_admin_matches_a_held_line_and_places_the_order(boss_client, two_orders):
    _placed, held, shoe = two_orders
    size39 = shoe.variants.get(size="39")
    url = reverse(f"{NS}:edit_order", args=[held.pk])
    assert boss_client.get(url).status_code == 200
    line = held.lines.get()
    data = {
        "name": "Олена",
        "phone": "0671234567",
        "email": "",
        "city": "Київ",
        "branch": "3",
        "address": "",
        "comment": "",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "1",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-line": str(line.pk),
        "lines-0-goods": "no-such-thing",
        "lines-0-quantity": "1",
        "lines-0-unit_price": "500",
    }
    response = boss_client.post(url, data)
    assert response.status_code == 200 and "no-such-thing" in response.content.decode()
    held.refresh_from_db()
    assert held.status == ImportedOrder.Status.HELD

    data["lines-0-goods"] = offer_of(size39)
    assert boss_client.post(url, data).status_code == 302
    held.refresh_from_db()
    assert held.status == ImportedOrder.Status.PLACED and stock_of(size39) == 1
    assert held.events.filter(kind="edited", user__username="boss").exists()


def test_the_status_mapping_editor_changes_the_table(boss_client, prom_shop):
    mapping = StatusMapping.objects.get(channel=prom_shop, code="paid")
    url = reverse("wagtailsnippets_channels_statusmapping:edit", args=[mapping.pk])
    assert boss_client.get(url).status_code == 200
    response = boss_client.post(
        url,
        {
            "channel": prom_shop.pk,
            "code": "paid",
            "label": "Оплачено",
            "target": "confirmed",
            "push_for": "",
            "cancel_reason": "",
        },
    )
    assert response.status_code == 302
    mapping.refresh_from_db()
    assert mapping.target == "confirmed"
    listing = boss_client.get(reverse("wagtailsnippets_channels_statusmapping:list")).content.decode()
    assert "received" in listing


def test_order_imports_are_listed_like_feed_builds(boss_client, two_orders):
    run = ImportRun.objects.get()
    page = boss_client.get(reverse("wagtailsnippets_channels_importrun:list")).content.decode()
    assert str(run.channel) in page
    detail = boss_client.get(reverse("wagtailsnippets_channels_importrun:inspect", args=[run.pk]))
    assert detail.status_code == 200
    assert boss_client.get(reverse("wagtailsnippets_channels_importrun:add")).status_code in (302, 403)


def test_pushes_are_listed_and_a_reason_can_be_given(boss_client, two_orders):
    placed, _held, _shoe = two_orders
    from shop.orders.services.states import transition

    transition(placed.order, "cancelled", note="by hand")
    push = ChannelPush.objects.get()
    assert push.state == "needs_reason"
    assert (
        "needs"
        in boss_client.get(reverse("wagtailsnippets_channels_channelpush:list")).content.decode().lower()
        or push.get_state_display()
        in boss_client.get(reverse("wagtailsnippets_channels_channelpush:list")).content.decode()
    )
    response = boss_client.post(
        reverse("wagtailsnippets_channels_channelpush:reason", args=[push.pk]), {"reason": "buyers_request"}
    )
    assert response.status_code == 302
    push.refresh_from_db()
    assert (push.state, push.reason) == ("pending", "buyers_request")


def test_the_orders_admin_links_a_marketplace_order_to_its_import(boss_client, two_orders):
    placed, _held, _shoe = two_orders
    page = boss_client.get(reverse("order_admin:inspect", args=[placed.order_id])).content.decode()
    assert reverse(f"{NS}:inspect", args=[placed.pk]) in page


def test_the_channel_form_never_shows_credentials_back(boss_client, make_channel):
    channel = make_channel(
        Channel.Kind.ROZETKA_YML,
        rozetka_api_token="very-secret-token",
        rozetka_password="p4ss",
        rozetka_username="seller",
    )
    url = reverse("wagtailsnippets_channels_channel:edit", args=[channel.pk])
    page = boss_client.get(url).content.decode()
    assert "very-secret-token" not in page and "p4ss" not in page
