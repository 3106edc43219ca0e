from django.urls import path

from fulfilment import views

app_name = "fulfilment"

urlpatterns = [
    path("nova-poshta/cities/", views.np_cities, name="np_cities"),
    path("nova-poshta/branches/", views.np_branches, name="np_branches"),
]
