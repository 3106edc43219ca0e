"""Entry points of the django-q2 schedules (see schedules.py)."""

from django.conf import settings


def dispatch_scheduled():
    from fulfilment.dispatching import run

    return run()


def retry_dispatches():
    from fulfilment.dispatching import retry

    return retry()


def refresh_directory():
    from fulfilment.novaposhta.directory import refresh_directory as refresh

    if not settings.NOVA_POSHTA_API_KEY:
        return "NOVA_POSHTA_API_KEY is not set"
    return refresh()


def poll_tracking():
    from fulfilment.novaposhta.tracking import poll_tracking as poll

    return poll()
