from django.apps import AppConfig


class SuppliersConfig(AppConfig):
    name = "suppliers"
    verbose_name = "Suppliers"

    def ready(self):
        from suppliers import (
            checks,  # noqa: F401  (registers the deployment checks)
            receivers,  # noqa: F401  (connects the catalog event receivers)
        )
