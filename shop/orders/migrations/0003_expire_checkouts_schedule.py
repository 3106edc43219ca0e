"""Every 10 minutes the django-q2 cluster turns expired checkouts into abandoned carts."""

from django.db import migrations

NAME = "orders: expire checkouts"


def add_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.get_or_create(name=NAME, defaults={
        "func": "shop.orders.services.checkout.expire_checkouts",
        "schedule_type": "I",  # Schedule.MINUTES
        "minutes": 10,
        "repeats": -1,
    })


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0002_default_methods"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
