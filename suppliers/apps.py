from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuppliersConfig(AppConfig):
    name = "suppliers"
    verbose_name = _("Suppliers")

    def ready(self):
        from suppliers import (
            checks,  # noqa: F401  (registers the deployment checks)
            receivers,  # noqa: F401  (connects the catalog event receivers)
        )
