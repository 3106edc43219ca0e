from django.apps import AppConfig


class AIContentConfig(AppConfig):
    name = "aicontent"
    label = "aicontent"
    verbose_name = "AI content"
