from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo store (`manage.py load_demo`): the top layer, free to use every app."""

    name = "demo"
    verbose_name = "Demo store"
