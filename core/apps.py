from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Infrastructure without models; an app only so its deployment checks are registered."""

    name = "core"
    verbose_name = "Core"

    def ready(self):
        from core import checks  # noqa: F401  (registers the checks)
