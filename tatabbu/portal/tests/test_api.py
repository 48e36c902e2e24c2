"""The public API: anonymous read of published data, filters, pagination, the follow-up hook."""

from __future__ import annotations

import datetime

import pytest
from rest_framework.test import APIClient

from tatabbu.portal import selectors
from tatabbu.portal.tests.factories import ArticleFactory, PublishedArticleFactory
from tatabbu.recommendations.tests.factories import (
    ClusterFactory,
    RecommendationFactory,
    mechanism,
)

pytestmark = pytest.mark.django_db


def test_anonymous_reads_recommendations_with_filters_and_pages() -> None:
    for number in range(3):
        RecommendationFactory(text_fr=f"Abolir la torture {number}", mechanism=mechanism("CAT"))
    RecommendationFactory(text_fr="Éducation pour tous")
    client = APIClient()
    response = client.get("/api/v1/public/recommendations/", {"body": "CAT", "page_size": 2})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3
    assert len(data["results"]) == 2
    assert data["next"] is not None
    assert {row["mechanism"] for row in data["results"]} == {"CAT"}
    searched = client.get("/api/v1/public/recommendations/", {"q": "education"}).json()
    assert searched["count"] == 1


def test_public_recommendation_carries_no_internal_field() -> None:
    recommendation = RecommendationFactory(cluster=ClusterFactory(), source_file="import.csv")
    response = APIClient().get(f"/api/v1/public/recommendations/{recommendation.uuid}/")
    assert response.status_code == 200
    data = response.json()
    assert "cluster" not in data and "provenance" not in data and "source_file" not in data
    # The stored status is internal: nothing is published, so no status.
    assert data["implementation_status"] is None


def test_internal_filters_are_not_accepted_as_filters() -> None:
    cluster = ClusterFactory()
    RecommendationFactory(cluster=cluster)
    RecommendationFactory()
    data = APIClient().get("/api/v1/public/recommendations/", {"cluster": cluster.uuid}).json()
    assert data["count"] == 2


def test_invalid_filter_gets_the_json_error_shape() -> None:
    response = APIClient().get("/api/v1/public/recommendations/", {"year_from": "soon"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_status_comes_from_the_follow_up_hook_when_registered() -> None:
    first = RecommendationFactory()
    second = RecommendationFactory()
    selectors.register_public_follow_up(
        selectors.PublicFollowUp(
            statuses=lambda ids: {first.pk: "implemented", second.pk: "not-a-status"},
            updates=lambda recommendation: [
                selectors.PublishedUpdate(date=datetime.date(2026, 5, 1), text_fr="Loi adoptée")
            ],
        )
    )
    try:
        data = APIClient().get("/api/v1/public/recommendations/").json()
        statuses = {row["uuid"]: row["implementation_status"] for row in data["results"]}
        assert statuses == {str(first.uuid): "implemented", str(second.uuid): None}
        page = APIClient().get(f"/fr/recommendations/{first.uuid}/").content.decode()
        assert "Loi adoptée" in page
        assert 'data-public-status="implemented"' in page
        explore = APIClient().get("/fr/explore/body/").content.decode()
        # The status column of the breakdown table counts the implemented recommendation.
        assert '<th scope="col" class="text-end">Mise en œuvre</th>' in explore
    finally:
        selectors.unregister_public_follow_up()


def test_news_api_lists_published_items_only() -> None:
    ArticleFactory(slug="draft")
    PublishedArticleFactory(slug="published")
    data = APIClient().get("/api/v1/public/news/").json()
    assert [row["slug"] for row in data["results"]] == ["published"]
    assert APIClient().get("/api/v1/public/news/draft/").status_code == 404
