"""Products that leave the catalog stay as not available for the grace builds, then drop."""

import pytest

from channels.models import Channel

from .conftest import G, build, offers, read_feed

pytestmark = pytest.mark.django_db


def ids_and_availability(channel):
    root = read_feed(channel)
    if channel.kind == Channel.Kind.GOOGLE_MERCHANT:
        return {i.findtext(f"{G}id"): i.findtext(f"{G}availability") for i in offers(root)}
    return {o.get("id"): o.get("available") for o in offers(root)}


@pytest.mark.parametrize("kind, unavailable", [
    (Channel.Kind.PROM_YML, "false"), (Channel.Kind.ROZETKA_YML, "false"),
    (Channel.Kind.GOOGLE_MERCHANT, "out_of_stock"),
])
def test_a_vanished_product_is_kept_unavailable_for_the_grace_builds_then_dropped(
        make_shoe, make_channel, kind, unavailable):
    make_shoe(sizes={"38": 1})
    gone = make_shoe(sizes={"40": 2, "41": 3})
    channel = make_channel(kind, vanished_grace_builds=2)
    build(channel)
    gone_ids = {f"vdvir-{pk}" for pk in gone.variants.values_list("pk", flat=True)}
    assert gone_ids < set(ids_and_availability(channel))

    gone.unpublish()
    for expected_kept in (2, 2):  # two builds of grace
        run = build(channel)
        feed = ids_and_availability(channel)
        assert {feed[i] for i in gone_ids} == {unavailable}
        assert run.vanished_kept == expected_kept
    run = build(channel)
    assert not gone_ids & set(ids_and_availability(channel))
    assert run.vanished_dropped == 2
    assert len(ids_and_availability(channel)) == 1


def test_a_product_that_comes_back_is_available_again_and_no_longer_carried(make_shoe, make_channel):
    make_shoe(sizes={"38": 1})
    shoe = make_shoe(sizes={"40": 2})
    channel = make_channel(vanished_grace_builds=3)
    build(channel)
    shoe.unpublish()
    build(channel)
    assert channel.vanished_offers.count() == 1

    shoe.save_revision().publish()
    run = build(channel)
    assert run.vanished_kept == 0
    assert set(ids_and_availability(channel).values()) == {"true"}
    assert channel.vanished_offers.count() == 0
