"""Suggestions: computed on import and on demand, shown to coordinators, and never a label
until a person accepts them; decisions are audited and feed the next training."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from tatabbu.audit.models import Event
from tatabbu.intelligence import services
from tatabbu.intelligence.ml import datasets
from tatabbu.intelligence.models import Suggestion
from tatabbu.intelligence.training import database_data
from tatabbu.recommendations.models import Recommendation
from tatabbu.recommendations.permissions import SYSTEM
from tatabbu.recommendations.tests.realdata import insert_upr_info

from .conftest import sample_upr_info

pytestmark = pytest.mark.django_db

TORTURE = "Ratify the Optional Protocol to the Convention against Torture"


@pytest.fixture
def trained(model_dir: Path, upr_sample: Path):
    """UPR Info issue and action models trained on 480 real rows (sessions 1–4)."""
    tasks = datasets.load_upr_info(upr_sample)
    for data in tasks.values():
        services.model_train(actor=SYSTEM, data=data, data_source=str(upr_sample))


@pytest.fixture
def morocco(tmp_path: Path):
    """Real UPR Info recommendations to Morocco (session 13), inserted without any label."""
    path = sample_upr_info(tmp_path / "morocco.csv", sessions=(13,), per_session=3000)
    rows = [r for r in datasets._read(path) if r["state_under_review"] == "Morocco"][:12]
    return insert_upr_info(rows)


def _snapshot(recommendation: Recommendation) -> tuple:
    recommendation.refresh_from_db()
    return (
        recommendation.action_category,
        dict(recommendation.source_labels),
        recommendation.version,
        list(recommendation.themes.values_list("pk", flat=True)),
    )


def test_suggestions_are_stored_pending_and_change_no_label(trained, morocco):
    before = [_snapshot(r) for r in morocco]
    count = services.suggestions_add(actor=SYSTEM, recommendation_ids=[r.pk for r in morocco])
    assert count >= len(morocco)  # at least an action category each
    assert set(Suggestion.objects.values_list("status", flat=True)) == {"pending"}
    assert [_snapshot(r) for r in morocco] == before
    events = Event.objects.filter(action="recommendation.suggestions_add")
    assert events.count() == len(morocco)
    action = Suggestion.objects.filter(task="upr-action").first()
    assert action.label in {"1", "2", "3", "4", "5"} and 0 <= action.confidence <= 1
    assert action.words, "a suggestion says which words drove it"


def test_adding_again_offers_nothing_new(trained, morocco):
    ids = [r.pk for r in morocco]
    services.suggestions_add(actor=SYSTEM, recommendation_ids=ids)
    assert services.suggestions_add(actor=SYSTEM, recommendation_ids=ids) == 0


def test_accepting_applies_the_label_rejecting_does_not(trained, morocco, coordinator):
    recommendation = morocco[0]
    services.suggestions_add(actor=SYSTEM, recommendation_ids=[recommendation.pk])
    action = Suggestion.objects.get(recommendation=recommendation, task="upr-action")
    issues = list(Suggestion.objects.filter(recommendation=recommendation, task="upr-issues"))
    services.suggestion_decide(actor=coordinator, suggestion=action, accept=True)
    recommendation.refresh_from_db()
    assert recommendation.action_category == int(action.label)
    assert recommendation.version == 2
    services.suggestion_decide(actor=coordinator, suggestion=issues[0], accept=False)
    recommendation.refresh_from_db()
    assert issues[0].label not in recommendation.source_labels.get("upr_info_issues", [])
    decided = {s.pk: s for s in Suggestion.objects.filter(recommendation=recommendation)}
    assert decided[action.pk].status == "accepted" and decided[action.pk].decided_by == coordinator
    assert decided[issues[0].pk].status == "rejected"
    assert decided[issues[0].pk].decided_at is not None
    accepted = Event.objects.get(action="recommendation.suggestion_accept")
    assert accepted.after["label"] == action.label and accepted.actor_id == coordinator.pk
    assert Event.objects.filter(action="recommendation.suggestion_reject").count() == 1
    with pytest.raises(services.SuggestionDecidedError):
        services.suggestion_decide(actor=coordinator, suggestion=action, accept=False)


def test_only_coordinators_decide(trained, morocco, focal_a):
    services.suggestions_add(actor=SYSTEM, recommendation_ids=[morocco[0].pk])
    suggestion = Suggestion.objects.first()
    with pytest.raises(PermissionDenied):
        services.suggestion_decide(actor=focal_a, suggestion=suggestion, accept=True)
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"


def test_decisions_feed_the_next_training(trained, morocco, coordinator):
    recommendation = morocco[0]
    assert all(e.group != recommendation.natural_key for e in database_data("upr-issues").examples)
    services.suggestions_add(actor=SYSTEM, recommendation_ids=[recommendation.pk])
    issues = list(Suggestion.objects.filter(recommendation=recommendation, task="upr-issues"))
    services.suggestion_decide(actor=coordinator, suggestion=issues[0], accept=False)
    (example,) = [
        e for e in database_data("upr-issues").examples if e.group == recommendation.natural_key
    ]
    assert example.labels == []  # a known negative: the rejected label is not a target
    before = database_data("upr-action")
    action = Suggestion.objects.get(recommendation=recommendation, task="upr-action")
    services.suggestion_decide(actor=coordinator, suggestion=action, accept=True)
    after = database_data("upr-action")
    assert len(after.examples) == len(before.examples) + 1
    assert after.examples[-1].labels == [action.label]


def test_panel_on_the_detail_page_for_coordinators_only(
    trained, morocco, client_for, coordinator, focal_a
):
    recommendation = morocco[0]
    services.suggestions_add(actor=SYSTEM, recommendation_ids=[recommendation.pk])
    page = client_for(coordinator).get(recommendation.get_absolute_url())
    assert b'id="suggestions"' in page.content and b"suggestion-label" in page.content
    # A focal point sees the recommendation once it is assigned to their ministry, never the panel.
    assert client_for(focal_a).get(recommendation.get_absolute_url()).status_code == 404
    from tatabbu.followup.services import assignment_set

    assignment_set(
        actor=coordinator, recommendation=recommendation, lead_institution=focal_a.institution
    )
    page = client_for(focal_a).get(recommendation.get_absolute_url())
    assert page.status_code == 200 and b'id="suggestions"' not in page.content


def test_bulk_decision_through_the_view(trained, morocco, client_for, coordinator):
    recommendation = morocco[1]
    services.suggestions_add(actor=SYSTEM, recommendation_ids=[recommendation.pk])
    pending = list(Suggestion.objects.filter(recommendation=recommendation, task="upr-issues"))
    other = Suggestion.objects.get(recommendation=recommendation, task="upr-action")
    url = f"/en/app/intelligence/recommendations/{recommendation.uuid}/suggestions/decide/"
    response = client_for(coordinator).post(
        url,
        {"selected": [s.pk for s in pending], "decision": "reject"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and b'id="suggestions"' in response.content
    statuses = dict(Suggestion.objects.values_list("pk", "status"))
    assert all(statuses[s.pk] == "rejected" for s in pending)
    assert statuses[other.pk] == "pending"
    response = client_for(coordinator).post(url, {"accept": other.pk})
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.action_category == int(other.label)


def test_suggestions_of_another_recommendation_are_ignored(
    trained, morocco, client_for, coordinator
):
    services.suggestions_add(actor=SYSTEM, recommendation_ids=[morocco[0].pk, morocco[1].pk])
    foreign = Suggestion.objects.filter(recommendation=morocco[1]).first()
    url = f"/en/app/intelligence/recommendations/{morocco[0].uuid}/suggestions/decide/"
    client_for(coordinator).post(url, {"selected": [foreign.pk], "decision": "accept"})
    foreign.refresh_from_db()
    assert foreign.status == "pending"


def test_an_import_computes_suggestions(trained, tmp_path: Path):
    """UPR Info files bring issues and action categories (kept, never offered again); the SDG
    model, which they do not cover, suggests goals."""
    from django.conf import settings

    data_dir = Path(settings.TATABBU_DATA_DIR)
    sdg = datasets.load("uhri", None, data_dir)[datasets.UHRI_SDG]
    services.model_train(actor=SYSTEM, data=sdg, data_source="uhri")
    path = sample_upr_info(tmp_path / "import.csv", sessions=(13,), per_session=3000)
    rows = [r for r in datasets._read(path) if r["state_under_review"] == "Morocco"][:5]
    with (tmp_path / "five.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    call_command(
        "import_recommendations",
        str(tmp_path / "five.csv"),
        "--format",
        "upr-info",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    imported = Recommendation.objects.filter(natural_key__startswith="upr-info:")
    assert imported.count() == 5
    suggested = Suggestion.objects.filter(recommendation__in=imported, status="pending")
    assert set(suggested.values_list("task", flat=True)) >= {"uhri-sdg"}
    assert {r.action_category for r in imported} <= {1, 2, 3, 4, 5}
    for recommendation in imported:
        held = set(recommendation.source_labels.get("upr_info_issues", []))
        offered = set(
            suggested.filter(recommendation=recommendation, task="upr-issues").values_list(
                "label", flat=True
            )
        )
        assert not held & offered
        assert not suggested.filter(recommendation=recommendation, task="upr-action").exists()
        assert not recommendation.sdg_goals.exists()


def test_labels_are_shown_in_the_active_language():
    from django.utils import translation

    from tatabbu.intelligence.vocabulary import canonical, display
    from tatabbu.taxonomy.models import SdgGoal

    goal = SdgGoal.objects.get(number=16)
    with translation.override("fr"):
        assert display("upr-action", "5") == "5 — action spécifique"
        assert display("uhri-sdg", "16") == str(goal)
        assert goal.short_fr in display("uhri-sdg", "16")
    assert display("upr-issues", "Women's rights") == "Women's rights"
    assert canonical("upr-issues", "Justice") == "Justice"


def test_review_queue_accepts_across_recommendations(trained, morocco, client_for, coordinator):
    ids = [r.pk for r in morocco[:3]]
    services.suggestions_add(actor=SYSTEM, recommendation_ids=ids)
    client = client_for(coordinator)
    page = client.get("/en/app/intelligence/suggestions/?task=upr-action")
    assert page.status_code == 200
    assert page.content.count(b'class="queued-suggestion"') == 3
    chosen = list(Suggestion.objects.filter(task="upr-action", recommendation_id__in=ids[:2]))
    response = client.post(
        "/en/app/intelligence/suggestions/decide/",
        {"selected": [s.pk for s in chosen], "decision": "accept", "task": "upr-action"},
    )
    assert response.status_code == 302 and "task=upr-action" in response["Location"]
    for suggestion in chosen:
        suggestion.refresh_from_db()
        suggestion.recommendation.refresh_from_db()
        assert suggestion.status == "accepted"
        assert suggestion.recommendation.action_category == int(suggestion.label)
    untouched = Suggestion.objects.get(task="upr-action", recommendation_id=ids[2])
    assert untouched.status == "pending"
    page = client.get("/en/app/intelligence/suggestions/?task=upr-action")
    assert page.content.count(b'class="queued-suggestion"') == 1


def test_review_queue_is_for_coordinators(trained, morocco, client_for, focal_a):
    services.suggestions_add(actor=SYSTEM, recommendation_ids=[morocco[0].pk])
    suggestion = Suggestion.objects.first()
    client = client_for(focal_a)
    assert client.get("/en/app/intelligence/suggestions/").status_code == 403
    response = client.post(
        "/en/app/intelligence/suggestions/decide/",
        {"selected": [suggestion.pk], "decision": "accept"},
    )
    assert response.status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"


def test_suggest_command_covers_existing_recommendations(trained, morocco):
    out = io.StringIO()
    call_command("classify", "suggest", "--task", "upr-action", stdout=out)
    assert f"for {Recommendation.objects.count()} recommendations" in out.getvalue()
    offered = set(
        Suggestion.objects.filter(task="upr-action").values_list("recommendation_id", flat=True)
    )
    assert {r.pk for r in morocco} <= offered
    assert not Suggestion.objects.exclude(task="upr-action").exists()
    assert all(r.action_category is None for r in Recommendation.objects.filter(pk__in=offered))
