from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Infrastructure without models; an app only so its deployment checks are registered."""

    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.backends.signals import connection_created

        from core import checks  # noqa: F401  (registers the checks)
        from core.sqlite import unicode_case

        connection_created.connect(unicode_case, dispatch_uid="core-sqlite-unicode-case")
