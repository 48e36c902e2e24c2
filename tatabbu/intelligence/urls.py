from django.urls import path

from . import views

app_name = "intelligence"

urlpatterns = [
    path("models/", views.model_list, name="model_list"),
    path("suggestions/", views.suggestion_queue, name="suggestion_queue"),
    path("suggestions/decide/", views.suggestion_queue_decide, name="suggestion_queue_decide"),
    path(
        "recommendations/<uuid:uuid>/suggestions/",
        views.suggestion_panel,
        name="suggestion_panel",
    ),
    path(
        "recommendations/<uuid:uuid>/suggestions/decide/",
        views.suggestion_decide,
        name="suggestion_decide",
    ),
]
