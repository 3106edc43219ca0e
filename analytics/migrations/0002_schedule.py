"""Aggregate the events every 15 minutes (and prune old ones) from the store's first start."""

from django.db import migrations

from core.schedules import every_minutes


class Migration(migrations.Migration):

    dependencies = [
        ("analytics", "0001_initial"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [
        every_minutes("analytics: aggregate events and prune old ones", "analytics.tasks.aggregate_and_prune", 15),
    ]
