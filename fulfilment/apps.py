from django.apps import AppConfig
from django.db.models.signals import post_migrate


class FulfilmentConfig(AppConfig):
    """Getting confirmed orders out of the door: supplier dispatches, shipments, Nova Poshta."""

    name = "fulfilment"
    verbose_name = "Fulfilment"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from fulfilment.schedules import sync_schedules

        # The schedules follow the settings: every migrate puts them in step.
        post_migrate.connect(sync_schedules, sender=self, dispatch_uid="fulfilment-schedules")
