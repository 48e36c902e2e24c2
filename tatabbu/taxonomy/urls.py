from django.urls import path

from . import views

app_name = "taxonomy"

urlpatterns = [
    path("", views.reference_index, name="reference_index"),
    path("themes/", views.theme_list, name="theme_list"),
    path("groups/", views.person_group_list, name="person_group_list"),
    path("sdg/", views.sdg_list, name="sdg_list"),
    path("states/", views.country_list, name="country_list"),
]
