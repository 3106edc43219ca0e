from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "shop.customers"
    label = "customers"
    verbose_name = _("Customers: accounts, shopping lists, back-in-stock")

    def ready(self):
        from . import receivers  # noqa: F401
