"""The default status mapping for every Prom.ua and Rozetka channel there is (new channels get it
when they are created), and the django-q2 schedule that retries pushes to the channels."""

from django.db import migrations

PUSH_SCHEDULE = "channels: order pushes"


def seed(apps, schema_editor):
    from channels.orders.defaults import seed_status_mappings

    Channel = apps.get_model("channels", "Channel")
    StatusMapping = apps.get_model("channels", "StatusMapping")
    for channel in Channel.objects.filter(kind__in=["prom_yml", "rozetka_yml"]):
        seed_status_mappings(channel, StatusMapping)
    apps.get_model("django_q", "Schedule").objects.get_or_create(name=PUSH_SCHEDULE, defaults={
        "func": "channels.orders.tasks.send_due_pushes_task",
        "schedule_type": "I",  # Schedule.MINUTES
        "minutes": 1,
        "repeats": -1,
    })


def unseed(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=PUSH_SCHEDULE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("channels", "0003_orders_in"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
