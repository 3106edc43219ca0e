from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "shop.orders"
    label = "orders"
    verbose_name = "Cart, checkout and orders"

    def ready(self):
        from . import receivers  # noqa: F401
