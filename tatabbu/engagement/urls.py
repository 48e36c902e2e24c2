from django.urls import path

from . import views

app_name = "engagement"

urlpatterns = [
    path("calendar/", views.calendar_month, name="calendar_month"),
    path("calendar/list/", views.calendar_list, name="calendar_list"),
    path("calendar/feed/reset/", views.calendar_feed_reset, name="calendar_feed_reset"),
    path("calendar/feed/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("cycles/", views.cycle_list, name="cycle_list"),
    path("cycles/<uuid:uuid>/", views.cycle_detail, name="cycle_detail"),
    path("cycles/<uuid:uuid>/edit/", views.cycle_edit, name="cycle_edit"),
    path("communications/", views.communication_list, name="communication_list"),
    path("communications/new/", views.communication_create, name="communication_create"),
    path("communications/<uuid:uuid>/", views.communication_detail, name="communication_detail"),
    path("communications/<uuid:uuid>/edit/", views.communication_edit, name="communication_edit"),
    path(
        "communications/<uuid:uuid>/follow-up/",
        views.communication_follow_up,
        name="communication_follow_up",
    ),
    path("special-procedures/", views.sp_communication_list, name="sp_communication_list"),
    path("special-procedures/new/", views.sp_communication_create, name="sp_communication_create"),
    path(
        "special-procedures/<uuid:uuid>/",
        views.sp_communication_detail,
        name="sp_communication_detail",
    ),
    path(
        "special-procedures/<uuid:uuid>/edit/",
        views.sp_communication_edit,
        name="sp_communication_edit",
    ),
    path(
        "special-procedures/<uuid:uuid>/reply/",
        views.sp_communication_reply,
        name="sp_communication_reply",
    ),
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("visits/<uuid:uuid>/", views.visit_detail, name="visit_detail"),
    path("visits/<uuid:uuid>/edit/", views.visit_edit, name="visit_edit"),
    path("visits/<uuid:uuid>/import/", views.visit_import, name="visit_import"),
    path("questionnaires/", views.questionnaire_list, name="questionnaire_list"),
    path("questionnaires/new/", views.questionnaire_create, name="questionnaire_create"),
    path("questionnaires/<uuid:uuid>/", views.questionnaire_detail, name="questionnaire_detail"),
    path(
        "questionnaires/<uuid:uuid>/consolidate/",
        views.questionnaire_consolidate,
        name="questionnaire_consolidate",
    ),
    path(
        "questionnaires/answers/<int:pk>/edit/",
        views.questionnaire_answer_edit,
        name="questionnaire_answer_edit",
    ),
    path(
        "questionnaires/answers/<int:pk>/<str:step>/",
        views.questionnaire_answer_transition,
        name="questionnaire_answer_transition",
    ),
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<uuid:uuid>/", views.event_detail, name="event_detail"),
    path("events/<uuid:uuid>/edit/", views.event_edit, name="event_edit"),
    path("events/<uuid:uuid>/participants/", views.participant_add, name="participant_add"),
    path(
        "events/participants/<int:pk>/remove/",
        views.participant_remove,
        name="participant_remove",
    ),
]
