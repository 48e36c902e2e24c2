from django.urls import path

from . import views

app_name = "recommendations"

urlpatterns = [
    path("", views.recommendation_list, name="recommendation_list"),
    path(
        "export.<str:format>",
        views.recommendation_export,
        name="recommendation_export",
    ),
    path("clusters/", views.cluster_list, name="cluster_list"),
    path("clusters/new/", views.cluster_create, name="cluster_create"),
    path("clusters/bulk/", views.cluster_bulk, name="cluster_bulk"),
    path("clusters/<uuid:uuid>/", views.cluster_detail, name="cluster_detail"),
    path("clusters/<uuid:uuid>/edit/", views.cluster_edit, name="cluster_edit"),
    path("clusters/<uuid:uuid>/delete/", views.cluster_delete, name="cluster_delete"),
    path("<uuid:uuid>/", views.recommendation_detail, name="recommendation_detail"),
    path("<uuid:uuid>/cluster/", views.recommendation_set_cluster, name="recommendation_cluster"),
]
