"""django-q2 schedules of the app, kept in step with the settings on every migrate.

Daily schedules carry their time in the name, so a changed time replaces the row (and its
next run) while an unchanged one keeps the next run it already has."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

DAILY = {
    "fulfilment: dispatch at ": ("fulfilment.tasks.dispatch_scheduled", "FULFILMENT_DISPATCH_TIMES"),
    "fulfilment: Nova Poshta directory at ": ("fulfilment.tasks.refresh_directory",
                                              "NOVA_POSHTA_DIRECTORY_TIMES"),
}
EVERY = {
    "fulfilment: retry failed dispatches": ("fulfilment.tasks.retry_dispatches",
                                            "FULFILMENT_DISPATCH_RETRY_MINUTES"),
    "fulfilment: Nova Poshta tracking": ("fulfilment.tasks.poll_tracking", "NOVA_POSHTA_TRACKING_MINUTES"),
}


def next_daily(time_text: str, now=None) -> datetime:
    """The next local moment at HH:MM."""
    now = timezone.localtime(now)
    hour, minute = (int(part) for part in time_text.split(":"))
    run = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return run if run > now else run + timedelta(days=1)


def sync_schedules(**kwargs):
    from django_q.models import Schedule

    for prefix, (func, setting) in DAILY.items():
        times = list(getattr(settings, setting))
        wanted = {prefix + time_text for time_text in times}
        Schedule.objects.filter(name__startswith=prefix).exclude(name__in=wanted).delete()
        for time_text in times:
            Schedule.objects.get_or_create(name=prefix + time_text, defaults={
                "func": func, "schedule_type": Schedule.DAILY, "repeats": -1,
                "next_run": next_daily(time_text)})
    for name, (func, setting) in EVERY.items():
        Schedule.objects.update_or_create(name=name, defaults={
            "func": func, "schedule_type": Schedule.MINUTES, "minutes": getattr(settings, setting),
            "repeats": -1})
