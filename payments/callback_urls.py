"""Provider callbacks: one URL per provider, outside the language prefix (servers have no language)."""

from django.urls import path

from payments.callbacks import callback

app_name = "payment_callbacks"
urlpatterns = [
    path("<slug:provider>/", callback, name="callback"),
]
