from django.urls import path

from channels import views

app_name = "channels"

urlpatterns = [
    path("feeds/<str:token>.xml", views.feed, name="feed"),
    path("feeds/<str:token>.tsv", views.feed, {"fmt": "tsv"}, name="feed_tsv"),
    path("<str:key>.txt", views.indexnow_key, name="indexnow_key"),
]
