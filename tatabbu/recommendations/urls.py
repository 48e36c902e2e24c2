from django.urls import path

from .views import browse, imports

app_name = "recommendations"

urlpatterns = [
    path("imports/", imports.import_list, name="import_list"),
    path("imports/new/", imports.import_create, name="import_create"),
    path("imports/template.<str:kind>", imports.import_template, name="import_template"),
    path("imports/<uuid:uuid>/", imports.import_detail, name="import_detail"),
    path("imports/<uuid:uuid>/progress/", imports.import_progress, name="import_progress"),
    path("imports/<uuid:uuid>/retry/", imports.import_retry, name="import_retry"),
    path("", browse.recommendation_list, name="recommendation_list"),
    path(
        "export.<str:format>",
        browse.recommendation_export,
        name="recommendation_export",
    ),
    path("clusters/", browse.cluster_list, name="cluster_list"),
    path("clusters/new/", browse.cluster_create, name="cluster_create"),
    path("clusters/bulk/", browse.cluster_bulk, name="cluster_bulk"),
    path("clusters/<uuid:uuid>/", browse.cluster_detail, name="cluster_detail"),
    path("clusters/<uuid:uuid>/edit/", browse.cluster_edit, name="cluster_edit"),
    path("clusters/<uuid:uuid>/delete/", browse.cluster_delete, name="cluster_delete"),
    path("<uuid:uuid>/", browse.recommendation_detail, name="recommendation_detail"),
    path("<uuid:uuid>/cluster/", browse.recommendation_set_cluster, name="recommendation_cluster"),
]
