from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "shop.customers"
    label = "customers"
    verbose_name = "Customers: accounts, shopping lists, back-in-stock"

    def ready(self):
        from . import receivers  # noqa: F401
