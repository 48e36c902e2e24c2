"""The editors' API mirrors the editing pages: same services, audit, 409 on stale versions."""

from __future__ import annotations

import pytest

from tatabbu.audit.models import Event
from tatabbu.portal.models import Article

pytestmark = pytest.mark.django_db


def test_coordinator_creates_changes_and_publishes_through_the_api(api_client_for, coordinator):
    client = api_client_for(coordinator)
    response = client.post(
        "/api/v1/portal/articles/",
        {"kind": "news", "slug": "rapport", "title_fr": "Rapport remis", "body_fr": "Texte"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "draft" and data["version"] == 1
    url = f"/api/v1/portal/articles/{data['uuid']}/"
    changed = client.patch(url, {"title_ar": "تسليم التقرير", "version": 1}, format="json")
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = client.patch(url, {"title_fr": "Autre", "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["code"] == "conflict" and stale.json()["current_version"] == 2
    published = client.post(url + "publish/", {"version": 2}, format="json")
    assert published.status_code == 200 and published.json()["status"] == "published"
    article = Article.objects.get()
    assert article.title_fr == "Rapport remis"
    actions = list(
        Event.objects.filter(target_id=str(article.pk), action__startswith="portal.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["portal.article_create", "portal.article_update", "portal.article_publish"]
    again = client.post(url + "publish/", {"version": 3}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "already_published"


def test_invalid_article_is_refused_with_fields(api_client_for, coordinator):
    response = api_client_for(coordinator).post(
        "/api/v1/portal/articles/", {"kind": "news", "slug": "x y"}, format="json"
    )
    assert response.status_code == 400
    assert "slug" in response.json()["fields"]
    assert Article.objects.count() == 0


def test_focal_points_cannot_edit_the_portal(api_client_for, focal_a):
    response = api_client_for(focal_a).post(
        "/api/v1/portal/articles/", {"kind": "news", "slug": "x", "title_fr": "X"}, format="json"
    )
    assert response.status_code == 403
    assert Article.objects.count() == 0
