"""The shopper's payment pages (inside the language prefix)."""

from django.urls import path

from payments import views

app_name = "payments"
urlpatterns = [
    path("pay/<str:token>/", views.pay, name="pay"),
    path("pay/<str:token>/retry/", views.retry, name="retry"),
    path("pay/<str:token>/back/", views.back, name="back"),
]
