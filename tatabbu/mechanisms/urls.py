from django.urls import path

from . import views

app_name = "mechanisms"

urlpatterns = [
    path("", views.mechanism_list, name="mechanism_list"),
    path("treaties/", views.treaty_list, name="treaty_list"),
]
