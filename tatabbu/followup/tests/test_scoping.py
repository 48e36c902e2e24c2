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
