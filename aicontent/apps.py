from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AIContentConfig(AppConfig):
    name = "aicontent"
    label = "aicontent"
    verbose_name = _("AI content")
