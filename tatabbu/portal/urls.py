from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("recommendations/", views.recommendation_list, name="recommendation_list"),
    path(
        "recommendations/<uuid:uuid>/",
        views.recommendation_detail,
        name="recommendation_detail",
    ),
    path("explore/<slug:dimension>/", views.explore, name="explore"),
    path("explore/<slug:dimension>/<str:key>/", views.explore_value, name="explore_value"),
    path("action-plans/", views.plan_list, name="plan_list"),
    path("action-plans/<slug:slug>/", views.plan_detail, name="plan_detail"),
    path("calls-for-projects/", views.call_list, name="call_list"),
    path("calls-for-projects/<uuid:uuid>/", views.call_detail, name="call_detail"),
    path("news/", views.news_list, name="news_list"),
    path("news/<slug:slug>/", views.news_detail, name="news_detail"),
    path("pages/<slug:slug>/", views.page_detail, name="page_detail"),
    path("publications/", views.publication_list, name="publication_list"),
    path(
        "publications/<uuid:uuid>/download/",
        views.publication_download,
        name="publication_download",
    ),
    path("images/<uuid:uuid>/", views.image, name="image"),
    path("open-data/", views.api_docs, name="api_docs"),
    path("open-data/exchange-1.0.schema.json", views.exchange_schema, name="exchange_schema"),
    path("contact/", views.contact, name="contact"),
    path("contact/sent/", views.contact_done, name="contact_done"),
]
