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


def push_prom_task(channel_id: int, product_ids: list[int]):
    from channels.models import Channel
    from channels.prom_push import push

    channel = Channel.objects.get(pk=channel_id)
    result = push(channel, product_ids)
    return {"sent": result.sent, "batches": result.batches, "errors": len(result.errors)}


def enqueue_prom_push(channel, product_ids) -> None:
    from django_q.tasks import async_task

    ids = sorted(product_ids)
    transaction.on_commit(lambda: async_task("channels.tasks.push_prom_task", channel.pk, ids,
                                             group=f"prom-push-{channel.pk}"))


def indexnow_due_task():
    """Scheduled every few minutes: submit the URLs that have been quiet long enough."""
    from channels.indexnow import submit_due

    return [(s.outcome, s.urls, s.status_code) for s in submit_due()]
