"""A migration operation that installs a repeating django-q2 schedule, and removes it on reverse.

Schedules that the store needs from its first start (expiry, queues to drain) are data: a
migration creates them once, and a manager can still change their interval in the admin.
"""

from django.db import migrations


def every_minutes(name: str, func: str, minutes: int) -> migrations.RunPython:
    def add(apps, schema_editor):
        apps.get_model("django_q", "Schedule").objects.get_or_create(name=name, defaults={
            "func": func, "schedule_type": "I", "minutes": minutes, "repeats": -1})  # "I": Schedule.MINUTES

    def remove(apps, schema_editor):
        apps.get_model("django_q", "Schedule").objects.filter(name=name).delete()

    return migrations.RunPython(add, remove)
