from django.apps import AppConfig


class AIContentConfig(AppConfig):
    name = "shop.aicontent"
    label = "aicontent"
    verbose_name = "AI content"
