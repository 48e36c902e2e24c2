"""Back-office pages of the portal's editors, under /<lang>/app/portal/."""

from django.urls import path

from . import editor_views as views

app_name = "portal_editor"

urlpatterns = [
    path("", views.content_list, name="content_list"),
    path("articles/new/<slug:kind>/", views.article_create, name="article_create"),
    path("articles/<uuid:uuid>/", views.article_edit, name="article_edit"),
    path("articles/<uuid:uuid>/preview/", views.article_preview, name="article_preview"),
    path("articles/<uuid:uuid>/publish/", views.article_publish, name="article_publish"),
    path("articles/<uuid:uuid>/unpublish/", views.article_unpublish, name="article_unpublish"),
    path("publications/new/", views.publication_create, name="publication_create"),
    path("publications/<uuid:uuid>/", views.publication_edit, name="publication_edit"),
    path(
        "publications/<uuid:uuid>/publish/",
        views.publication_publish,
        name="publication_publish",
    ),
    path(
        "publications/<uuid:uuid>/unpublish/",
        views.publication_unpublish,
        name="publication_unpublish",
    ),
    path("messages/", views.contact_message_list, name="contact_message_list"),
]
