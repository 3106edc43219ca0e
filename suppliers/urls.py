from django.urls import path

from . import views

app_name = "suppliers"
urlpatterns = [
    path("webhooks/<slug:slug>/", views.store_webhook, name="webhook"),
]
