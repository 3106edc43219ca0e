from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "shop.orders"
    label = "orders"
    verbose_name = _("Cart, checkout and orders")

    def ready(self):
        from . import receivers  # noqa: F401
