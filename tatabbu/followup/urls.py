from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("", views.workspace, name="workspace"),
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path("dashboard/<str:table>.csv", views.dashboard_export, name="dashboard_export"),
    path("queue/", views.validation_queue, name="validation_queue"),
    path("assign/", views.assignment_bulk, name="assignment_bulk"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/read/", views.notification_read, name="notification_read"),
    path("r/<uuid:uuid>/", views.recommendation_followup, name="recommendation_followup"),
    path("r/<uuid:uuid>/assign/", views.assignment_edit, name="assignment_edit"),
    path("r/<uuid:uuid>/status/", views.status_override, name="status_override"),
    path("r/<uuid:uuid>/actions/new/", views.action_create, name="action_create"),
    path("r/<uuid:uuid>/updates/new/", views.update_create, name="update_create"),
    path("actions/<uuid:uuid>/", views.action_detail, name="action_detail"),
    path("actions/<uuid:uuid>/edit/", views.action_edit, name="action_edit"),
    path("actions/<uuid:uuid>/indicators/new/", views.indicator_create, name="indicator_create"),
    path(
        "indicators/<uuid:uuid>/values/",
        views.indicator_value_record,
        name="indicator_value_record",
    ),
    path("updates/<uuid:uuid>/", views.update_detail, name="update_detail"),
    path("updates/<uuid:uuid>/edit/", views.update_edit, name="update_edit"),
    path("updates/<uuid:uuid>/<str:step>/", views.update_transition, name="update_transition"),
]
