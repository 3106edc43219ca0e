"""The listing states: new -> edited -> live -> update pending -> live; withdrawn."""

import pytest
from django.urls import reverse

from channels.models import ChannelListing, InvalidTransition

from .conftest import build, offers, read_feed

pytestmark = pytest.mark.django_db
State = ChannelListing.State
NS = "wagtailsnippets_channels_channellisting"


@pytest.fixture
def listing(make_shoe, make_channel):
    shoe = make_shoe(name="Кросівки Lumo", sizes={"38": 1})
    channel = make_channel(approve_new_listings=False)
    return ChannelListing.objects.create(channel=channel, product=shoe)


def names_in_feed(channel):
    return [o.findtext("name") for o in offers(read_feed(channel))]


def test_the_state_machine(listing):
    assert listing.state == State.NEW
    listing.title = "Кросівки Lumo для бігу"
    listing.record_edit()
    assert listing.state == State.EDITED
    listing.approve()
    assert (listing.state, listing.live_title) == (State.LIVE, "Кросівки Lumo для бігу")
    with pytest.raises(InvalidTransition):
        listing.approve()  # nothing pending

    listing.title = "Кросівки Lumo, нова колекція"
    listing.record_edit()
    assert listing.state == State.UPDATE_PENDING
    assert listing.live_title == "Кросівки Lumo для бігу"  # still what the feed sends
    listing.approve()
    assert (listing.state, listing.live_title) == (State.LIVE, "Кросівки Lumo, нова колекція")

    listing.withdraw()
    assert listing.state == State.WITHDRAWN
    with pytest.raises(InvalidTransition):
        listing.withdraw()
    listing.record_edit()
    assert listing.state == State.EDITED


def test_the_feed_sends_only_the_live_version(listing):
    channel = listing.channel
    build(channel)
    assert not channel.runs.get().products  # new: awaiting approval

    listing.approve()
    build(channel)
    assert names_in_feed(channel) == ["Кросівки Lumo"]

    listing.title = "Назва для Prom"
    listing.record_edit()
    build(channel)
    assert names_in_feed(channel) == ["Кросівки Lumo"]  # update pending: the live version stays

    listing.approve()
    build(channel)
    assert names_in_feed(channel) == ["Назва для Prom"]

    listing.withdraw()
    run = build(channel)
    assert run.vanished_kept == 1
    assert [o.get("available") for o in offers(read_feed(channel))] == ["false"]


def test_an_editor_change_to_a_live_listing_in_the_admin_makes_it_update_pending(listing, boss_client):
    listing.approve()
    response = boss_client.post(reverse(f"{NS}:edit", args=[listing.pk]),
                                {"title": "Нова назва", "description": ""})
    assert response.status_code == 302
    listing.refresh_from_db()
    assert (listing.state, listing.title, listing.live_title) == (State.UPDATE_PENDING, "Нова назва", "")

    review = boss_client.get(reverse(f"{NS}:review", args=[listing.pk])).content.decode()
    assert "channel-listing-diff--changed" in review and "Нова назва" in review

    boss_client.post(reverse(f"{NS}:approve", args=[listing.pk]))
    listing.refresh_from_db()
    assert (listing.state, listing.live_title) == (State.LIVE, "Нова назва")


def test_bulk_approve_and_the_state_filter(make_shoe, make_channel, boss_client):
    channel = make_channel(approve_new_listings=False)
    rows = [ChannelListing.objects.create(channel=channel, product=make_shoe(sizes={"38": 1}))
            for _ in range(3)]
    rows[2].approve()
    rows[2].title = "changed"
    rows[2].record_edit()

    listing = boss_client.get(reverse(f"{NS}:list"), {"state": State.UPDATE_PENDING}).content.decode()
    assert str(rows[2].product) in listing and str(rows[0].product) not in listing

    url = reverse("wagtail_bulk_action", args=["channels", "channellisting", "approve"])
    query = "&".join(f"id={r.pk}" for r in rows[:2])
    response = boss_client.post(f"{url}?{query}", {})
    assert response.status_code == 302
    assert set(ChannelListing.objects.values_list("state", flat=True)) == {State.LIVE, State.UPDATE_PENDING}
    assert ChannelListing.objects.filter(state=State.LIVE).count() == 2
