"""Every 10 minutes the django-q2 cluster cancels online orders left unpaid (payments.expiry)."""

from django.db import migrations

NAME = "payments: expire unpaid orders"


def add_schedule(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.get_or_create(name=NAME, defaults={
        "func": "payments.expiry.expire_unpaid_orders",
        "schedule_type": "I",  # Schedule.MINUTES
        "minutes": 10,
        "repeats": -1,
    })


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0001_initial"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
