from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = "Online payments"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
