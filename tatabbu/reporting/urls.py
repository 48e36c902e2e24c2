from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("new/", views.report_create, name="report_create"),
    path("<uuid:uuid>/", views.report_detail, name="report_detail"),
    path("<uuid:uuid>/download/", views.report_download, name="report_download"),
]
