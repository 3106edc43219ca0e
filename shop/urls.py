from django.urls import path

from shop.views.product import product_detail

app_name = "shop"
urlpatterns = [
    path("product/<slug:slug>/", product_detail, name="product"),
]
