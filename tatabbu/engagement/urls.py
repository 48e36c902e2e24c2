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
]
