from django.urls import path

from . import views

app_name = "actionplan"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("updates/", views.update_list, name="update_list"),
    path("updates/<uuid:uuid>/", views.update_detail, name="update_detail"),
    path("updates/<uuid:uuid>/edit/", views.update_edit, name="update_edit"),
    path("updates/<uuid:uuid>/<slug:step>/", views.update_transition, name="update_transition"),
    path("projects/<uuid:uuid>/", views.project_detail, name="project_detail"),
    path("projects/<uuid:uuid>/planning/", views.project_plan_edit, name="project_plan_edit"),
    path(
        "projects/<uuid:uuid>/recommendations/",
        views.project_recommendations_edit,
        name="project_recommendations_edit",
    ),
    path("projects/<uuid:uuid>/updates/new/", views.update_create, name="update_create"),
    path(
        "projects/<uuid:uuid>/<slug:kind>/new/",
        views.project_item_add,
        name="project_item_add",
    ),
    path("milestones/<int:pk>/done/", views.milestone_complete, name="milestone_complete"),
    path("<slug:slug>/", views.plan_detail, name="plan_detail"),
    path("<slug:slug>/timeline/", views.plan_timeline, name="plan_timeline"),
    path("<slug:slug>/late-milestones/", views.plan_late_milestones, name="plan_late_milestones"),
]
