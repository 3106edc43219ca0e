"""django-q2 entry points for feed builds."""

from django.db import transaction


def build_feed_task(channel_id: int, trigger: str = "schedule"):
    from channels.build import build_feed

    run = build_feed(channel_id, trigger)
    return run.pk if run else None


def enqueue_build(channel, trigger: str = "manual") -> None:
    """Queue a build once the current transaction commits (the build must see what it changed)."""
    from django_q.tasks import async_task

    transaction.on_commit(lambda: async_task(
        "channels.tasks.build_feed_task", channel.pk, trigger, group=f"channel-feed-{channel.pk}"))
