from django.urls import path

from . import views

app_name = "calls"

urlpatterns = [
    path("", views.call_list, name="call_list"),
    path("new/", views.call_create, name="call_create"),
    path("register/", views.association_register, name="association_register"),
    path("register/done/", views.association_register_done, name="association_register_done"),
    path("applications/", views.application_list, name="application_list"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("<uuid:uuid>/", views.call_detail, name="call_detail"),
    path("<uuid:uuid>/edit/", views.call_edit, name="call_edit"),
    path("<uuid:uuid>/publish/", views.call_publish, name="call_publish"),
    path("<uuid:uuid>/ranking/", views.call_ranking, name="call_ranking"),
    path("<uuid:uuid>/apply/", views.application_start, name="application_start"),
    path("applications/<uuid:uuid>/", views.application_detail, name="application_detail"),
    path("applications/<uuid:uuid>/edit/", views.application_edit, name="application_edit"),
    path("applications/<uuid:uuid>/attach/", views.application_attach, name="application_attach"),
    path(
        "applications/<uuid:uuid>/attachments/<int:attachment>/remove/",
        views.application_detach,
        name="application_detach",
    ),
    path("applications/<uuid:uuid>/submit/", views.application_submit, name="application_submit"),
    path("applications/<uuid:uuid>/screen/", views.application_screen, name="application_screen"),
    path(
        "applications/<uuid:uuid>/declare/", views.application_declare, name="application_declare"
    ),
    path("applications/<uuid:uuid>/review/", views.application_review, name="application_review"),
    path("applications/<uuid:uuid>/decide/", views.application_decide, name="application_decide"),
    path("applications/<uuid:uuid>/reports/new/", views.report_create, name="report_create"),
    path("reports/<uuid:uuid>/", views.report_detail, name="report_detail"),
    path("reports/<uuid:uuid>/edit/", views.report_edit, name="report_edit"),
    path("reports/<uuid:uuid>/attach/", views.report_attach, name="report_attach"),
    path("reports/<uuid:uuid>/submit/", views.report_submit, name="report_submit"),
    path("reports/<uuid:uuid>/validate/", views.report_validate, name="report_validate"),
    path("reports/<uuid:uuid>/return/", views.report_return, name="report_return"),
]
