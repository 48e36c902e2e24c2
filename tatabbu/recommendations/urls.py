from django.urls import path

from . import views

app_name = "recommendations"

urlpatterns = [
    path("imports/", views.import_list, name="import_list"),
    path("imports/new/", views.import_create, name="import_create"),
    path("imports/template.<str:kind>", views.import_template, name="import_template"),
    path("imports/<uuid:uuid>/", views.import_detail, name="import_detail"),
    path("imports/<uuid:uuid>/progress/", views.import_progress, name="import_progress"),
    path("imports/<uuid:uuid>/retry/", views.import_retry, name="import_retry"),
]
