"""Who may see and do what: associations and anonymous visitors are refused everywhere, for GET
and POST (the URL sweep of tests/url_policy.py checks GET), and scoping goes through one
function."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation

from tatabbu.recommendations.models import Cluster, Recommendation
from tatabbu.recommendations.permissions import (
    SYSTEM,
    can_manage_clusters,
    can_view_recommendations,
    scope_recommendations,
)
from tests.url_policy import POLICY

from .factories import ClusterFactory, RecommendationFactory

OURS = [
    name
    for name in POLICY
    if (name.startswith("recommendations:") and not name.startswith("recommendations:import"))
    or name.split("-")[0] in {"api:recommendation", "api:document", "api:cluster"}
]


def urls(context) -> list[tuple[str, str]]:
    found = []
    with translation.override("fr"):
        for name in OURS:
            for case in POLICY[name]:
                found.append((name, reverse(name, kwargs=case.kwargs(context))))
    return found


@pytest.mark.django_db
def test_every_recommendation_url_refuses_associations_and_anonymous_visitors(
    client_for, association, personas
):
    checked = urls(SimpleNamespace(users=personas))
    before = (Recommendation.objects.count(), Cluster.objects.count())
    assert len(checked) >= 16
    for name, url in checked:
        for method in ("get", "post"):
            refused = getattr(client_for(association), method)(url)
            assert refused.status_code == 403, f"association {method} {name}"
            anonymous = getattr(client_for(None), method)(url)
            if name.startswith("api:"):
                assert anonymous.status_code in {401, 403}, f"anonymous {method} {name}"
            else:
                assert anonymous.status_code == 302, f"anonymous {method} {name}"
                assert "/login/" in anonymous["Location"]
    assert (Recommendation.objects.count(), Cluster.objects.count()) == before


@pytest.mark.django_db
def test_refused_pages_do_not_leak_the_recommendation_text(client_for, association):
    sentinel = "SENTINEL-7f3a-not-for-associations"
    RecommendationFactory(text_fr=sentinel)
    with translation.override("fr"):
        list_url = reverse("recommendations:recommendation_list")
        export = reverse("recommendations:recommendation_export", kwargs={"format": "csv"})
    for url in (list_url, export, "/api/v1/recommendations/"):
        response = client_for(association).get(url)
        assert sentinel.encode() not in b"".join(
            response.streaming_content if response.streaming else [response.content]
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "browses", "sees"),
    [
        ("coordinator", True, 2),
        ("administrator", True, 2),
        ("management", True, 2),
        # focal points and validators browse only what is assigned to their institution
        # (none of these two; tatabbu/followup/tests/test_scoping.py covers assigned ones)
        ("focal_a", True, 0),
        ("validator_a", True, 0),
        ("association", False, 0),
    ],
)
def test_scope_is_decided_in_one_function(request, persona, browses, sees):
    user = request.getfixturevalue(persona)
    RecommendationFactory.create_batch(2)
    visible = scope_recommendations(Recommendation.objects.all(), user)
    assert visible.count() == sees
    assert can_view_recommendations(user) is browses


@pytest.mark.django_db
def test_anonymous_and_the_system_caller(db):
    from django.contrib.auth.models import AnonymousUser

    RecommendationFactory()
    assert scope_recommendations(Recommendation.objects.all(), AnonymousUser()).count() == 0
    assert scope_recommendations(Recommendation.objects.all(), SYSTEM).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("coordinator", True),
        ("administrator", True),
        ("management", False),
        ("focal_a", False),
        ("validator_a", False),
        ("association", False),
    ],
)
def test_only_coordinators_and_administrators_manage_clusters(request, persona, allowed):
    assert can_manage_clusters(request.getfixturevalue(persona)) is allowed


@pytest.mark.django_db
def test_cluster_history_is_visible_to_staff_only(client_for, coordinator, association):
    cluster = ClusterFactory()
    with translation.override("fr"):
        url = reverse(
            "audit:history", kwargs={"model": "recommendations.cluster", "pk": cluster.pk}
        )
    assert client_for(coordinator).get(url).status_code == 200
    assert client_for(association).get(url).status_code == 404
