"""AI content moved from shop/aicontent/ to aicontent/: a database made before the move keeps
its tables (same app label) and its queued batch polls, whose task path follows the move."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE, AFTER = ("aicontent", "0001_initial"), ("aicontent", "0002_tasks_moved_out_of_shop")


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_pending_batch_poll_still_runs_after_the_move():
    from django_q.models import Schedule

    try:
        migrate(BEFORE)
        Schedule.objects.create(name="poll", func="shop.aicontent.tasks.poll_batch", args="7",
                                schedule_type=Schedule.ONCE)
        Schedule.objects.create(name="other", func="shop.orders.services.checkout.expire_checkouts",
                                schedule_type=Schedule.MINUTES, minutes=10)
        migrate(AFTER)
        funcs = dict(Schedule.objects.filter(name__in=["poll", "other"]).values_list("name", "func"))
        assert funcs == {"poll": "aicontent.tasks.poll_batch",
                         "other": "shop.orders.services.checkout.expire_checkouts"}
        from django.utils.module_loading import import_string

        assert callable(import_string(funcs["poll"]))
    finally:
        migrate(AFTER)
