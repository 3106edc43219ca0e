from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo store (`manage.py load_demo`): the top layer, free to use every app."""

    name = "demo"
    verbose_name = _("Demo store")
