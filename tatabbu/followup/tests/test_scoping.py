"""Focal points and validators see only what is assigned to their institution; the hook in
recommendations.permissions narrows every recommendation list, search, facet and export."""

from __future__ import annotations

import pytest

from tatabbu.followup import selectors
from tatabbu.recommendations.models import Recommendation
from tatabbu.recommendations.permissions import scope_recommendations
from tatabbu.recommendations.selectors import recommendation_list, recommendation_search

pytestmark = pytest.mark.django_db


def _visible(user):
    return set(scope_recommendations(Recommendation.objects.all(), user))


def test_focal_point_sees_lead_and_contributed_recommendations_only(scenario):
    s = scenario
    assert _visible(s.users["focal.a"]) == {s.rec_a, s.rec_shared}
    assert _visible(s.users["validator.a"]) == {s.rec_a, s.rec_shared}
    assert _visible(s.users["focal.b"]) == {s.rec_b, s.rec_shared}


def test_coordinator_and_management_see_everything(scenario):
    everything = set(Recommendation.objects.all())
    assert _visible(scenario.users["coordinator"]) == everything
    assert _visible(scenario.users["management"]) == everything


def test_association_and_reviewer_see_no_follow_up(scenario):
    assert _visible(scenario.users["association"]) == set()
    assert selectors.update_list(user=scenario.users["association"]).count() == 0
    assert selectors.update_list(user=scenario.users["reviewer"]).count() == 0


def test_search_facets_and_exports_are_scoped(scenario):
    s = scenario
    result = recommendation_search(user=s.users["focal.a"], filters={"q": "suivi"})
    assert {row.pk for row in result.page.rows} == {s.rec_a.pk, s.rec_shared.pk}
    institution = {facet.name: facet for facet in result.facets}["institution"]
    counts = {value.key: value.count for value in institution.values}
    assert counts == {s.institution_a.slug: 2, s.institution_b.slug: 1}
    exported = recommendation_list(user=s.users["focal.b"], filters={"q": "suivi"})
    assert set(exported) == {s.rec_b, s.rec_shared}


def test_institution_filter_selects_lead_and_contributed(scenario):
    s = scenario
    rows = recommendation_list(
        user=s.users["coordinator"], filters={"institution": [s.institution_a.slug]}
    )
    assert set(rows) == {s.rec_a, s.rec_shared}


def test_updates_and_actions_are_scoped_by_institution(scenario):
    s = scenario
    assert set(selectors.update_list(user=s.users["focal.a"])) == {s.draft_a, s.submitted_a}
    assert set(selectors.action_list(user=s.users["validator.a"])) == {s.action_a}
    # the DIDH sees submitted work, never a ministry's drafts
    assert set(selectors.update_list(user=s.users["coordinator"])) == {
        s.submitted_a,
        s.submitted_b,
    }
    assert set(selectors.validation_queue(user=s.users["validator.a"])) == {s.submitted_a}


def test_no_sentinel_of_the_other_ministry_in_pages_exports_and_api(
    scenario, client_for, api_client_for
):
    """AC-2: focal A's lists, search, exports, dashboard and API hold nothing only B sees."""
    from django.urls import reverse
    from django.utils import translation

    from tatabbu.recommendations.models import Recommendation

    s = scenario
    sentinel = "SENTINEL-B-7f3a"
    Recommendation.objects.filter(pk=s.rec_b.pk).update(text_fr=f"Suivi {sentinel}")
    from tatabbu.followup.models import ProgressUpdate

    ProgressUpdate.objects.filter(pk=s.draft_b.pk).update(text=sentinel)
    client = client_for(s.users["focal.a"])
    with translation.override("fr"):
        urls = [
            reverse("recommendations:recommendation_list") + "?q=suivi",
            reverse("recommendations:recommendation_list") + "?institution=" + s.institution_b.slug,
            reverse("recommendations:recommendation_export", kwargs={"format": "csv"}) + "?q=suivi",
            reverse("recommendations:recommendation_export", kwargs={"format": "json"}),
            reverse("followup:workspace"),
            reverse("followup:validation_queue"),
            reverse("followup:dashboard") + "?by=body",
            reverse("followup:dashboard_export", kwargs={"table": "status"}) + "?by=institution",
        ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert sentinel.encode() not in body, url
        assert str(s.rec_b.uuid).encode() not in body, url
    api = api_client_for(s.users["focal.a"])
    for url in (
        "/api/v1/recommendations/?q=suivi",
        "/api/v1/progress-updates/",
        "/api/v1/assignments/",
        "/api/v1/actions/",
    ):
        body = api.get(url).content
        assert sentinel.encode() not in body and str(s.rec_b.uuid).encode() not in body, url
    # the same export as the coordinator does hold it (the check above can fail)
    coordinator = client_for(s.users["coordinator"]).get(urls[3])
    assert sentinel.encode() in b"".join(coordinator.streaming_content)
