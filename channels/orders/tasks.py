"""django-q2 entry points: order imports (a schedule per channel) and pushes back to channels."""

from django.db import transaction

PUSH_SCHEDULE = "channels: order pushes"


def import_orders_task(channel_id: int, trigger: str = "schedule"):
    from channels.orders.importing import import_orders

    run = import_orders(channel_id, trigger)
    return run.pk if run else None


def enqueue_import(channel, trigger: str = "manual") -> None:
    from django_q.tasks import async_task

    transaction.on_commit(
        lambda: async_task(
            "channels.orders.tasks.import_orders_task",
            channel.pk,
            trigger,
            group=f"channel-orders-{channel.pk}",
        )
    )


def send_push_task(push_id: int):
    from channels.orders.pushing import send

    return send(push_id)


def send_due_pushes_task():
    from channels.orders.pushing import send_due_pushes

    return send_due_pushes()
