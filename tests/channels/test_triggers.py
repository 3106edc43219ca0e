"""When feeds are built: after syncs that touch a channel, on a schedule, never twice at once."""

import pytest
from django.db import connection
from django_q.models import Schedule

from channels.lock import ChannelLock
from channels.models import FeedLock, FeedRun
from shop.events import products_synced

from .conftest import build

pytestmark = pytest.mark.django_db


def test_a_sync_that_touched_the_channels_products_rebuilds_its_feed(make_shoe, make_channel, supplier,
                                                                     django_capture_on_commit_callbacks):
    shoe = make_shoe(sizes={"38": 1})
    listed = make_channel()
    elsewhere = make_channel(brands="Vento")  # takes none of them
    with django_capture_on_commit_callbacks(execute=True):
        products_synced.send(sender=object, supplier=supplier, product_ids={shoe.pk}, run=None)

    assert list(listed.runs.values_list("trigger", "status")) == [
        (FeedRun.Trigger.SYNC, FeedRun.Status.PUBLISHED)]
    assert not elsewhere.runs.exists()


def test_a_sync_of_a_product_that_left_the_channel_still_rebuilds_it(make_shoe, make_channel, supplier,
                                                                     django_capture_on_commit_callbacks):
    shoe = make_shoe(sizes={"38": 1})
    make_shoe(sizes={"38": 1})
    channel = make_channel()
    build(channel)
    shoe.unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        products_synced.send(sender=object, supplier=supplier, product_ids={shoe.pk}, run=None)
    assert channel.runs.first().vanished_kept == 1


def test_the_schedule_follows_the_channel(make_channel):
    channel = make_channel(rebuild_every_minutes=120)
    schedule = Schedule.objects.get(name=f"channel-feed-{channel.pk}")
    assert (schedule.func, schedule.minutes, schedule.args) == (
        "channels.tasks.build_feed_task", 120, f"{channel.pk}, 'schedule'")
    channel.active = False
    channel.save()
    assert not Schedule.objects.filter(name=f"channel-feed-{channel.pk}").exists()


def test_a_build_while_another_runs_does_not_start_and_asks_for_a_rerun(make_shoe, make_channel,
                                                                       django_capture_on_commit_callbacks):
    make_shoe(sizes={"38": 1})
    channel = make_channel()
    running = ChannelLock(channel).acquire()

    assert build(channel) is None
    assert not channel.runs.exists()
    assert FeedLock.objects.get(channel=channel).rerun_requested

    with django_capture_on_commit_callbacks(execute=True):
        assert running.release() is True  # the holder learns it must go again
    assert build(channel).status == FeedRun.Status.PUBLISHED


def test_a_stale_lock_is_taken_over(make_shoe, make_channel, settings):
    make_shoe(sizes={"38": 1})
    channel = make_channel()
    ChannelLock(channel).acquire()  # a worker that died holding it
    settings.CHANNELS_LOCK_STALE_SECONDS = 0
    assert build(channel).status == FeedRun.Status.PUBLISHED


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only")
def test_two_starters_at_once_get_one_build(make_shoe, make_channel):
    """Two threads claim the lock row at the same moment: exactly one wins (FOR UPDATE)."""
    import threading

    from django.db import connections

    from channels.lock import FeedBusy

    make_shoe(sizes={"38": 1})
    channel = make_channel()
    FeedLock.objects.create(channel=channel)
    barrier, outcomes = threading.Barrier(2), []

    def claim():
        try:
            barrier.wait()
            ChannelLock(channel).acquire()
            outcomes.append("won")
        except FeedBusy:
            outcomes.append("busy")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["busy", "won"]
