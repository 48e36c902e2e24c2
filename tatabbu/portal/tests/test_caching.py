"""Public pages are cached for anonymous visitors, never for signed-in users, and forgotten when
something is published."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tatabbu.portal import services
from tatabbu.portal.tests.factories import ArticleFactory, PublishedArticleFactory

pytestmark = pytest.mark.django_db


def test_anonymous_pages_are_served_from_the_cache(django_assert_max_num_queries) -> None:
    PublishedArticleFactory(slug="one", title_fr="Première nouvelle")
    client = Client()
    first = client.get("/fr/news/")
    assert first["X-Portal-Cache"] == "miss"
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert "csrftoken" not in first.cookies
    with django_assert_max_num_queries(0):
        second = client.get("/fr/news/")
    assert second["X-Portal-Cache"] == "hit"
    assert second.content == first.content
    assert "public" in second["Cache-Control"]
    # Another language is another page.
    assert Client().get("/ar/news/")["X-Portal-Cache"] == "miss"


def test_publishing_forgets_cached_pages(coordinator, django_capture_on_commit_callbacks) -> None:
    client = Client()
    assert "Nouvelle annonce" not in client.get("/fr/news/").content.decode()
    article = ArticleFactory(slug="annonce", title_fr="Nouvelle annonce")
    with django_capture_on_commit_callbacks(execute=True):
        services.article_publish(actor=coordinator, article=article, version=article.version)
    response = client.get("/fr/news/")
    assert response["X-Portal-Cache"] == "miss"
    assert "Nouvelle annonce" in response.content.decode()


def test_signed_in_users_are_never_served_a_cached_page(client_for, coordinator) -> None:
    Client().get("/fr/news/")
    response = client_for(coordinator).get("/fr/news/")
    assert "X-Portal-Cache" not in response
    assert "no-store" in response["Cache-Control"]


def test_contact_form_is_not_cached() -> None:
    client = Client()
    client.get(reverse("portal:contact"))
    response = client.get(reverse("portal:contact"))
    assert "X-Portal-Cache" not in response
    assert "csrfmiddlewaretoken" in response.content.decode()
