"""Services of the follow-up: allowed and refused steps, and nothing changed after a refusal."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from tatabbu.audit.models import Event
from tatabbu.core.exceptions import ConflictError, ServiceError, TransitionError
from tatabbu.core.workflow import ReviewStatus
from tatabbu.followup import services
from tatabbu.followup.models import (
    Action,
    Assignment,
    Notification,
    ProgressUpdate,
    RecommendationStatus,
)
from tatabbu.recommendations.models import Recommendation

pytestmark = pytest.mark.django_db


def _state(update):
    row = ProgressUpdate.objects.get(pk=update.pk)
    return (row.status, row.version, row.text, row.return_reason)


def test_full_path_draft_submit_validate_publish_derives_status(scenario):
    s = scenario
    update = s.submitted_a
    services.progress_update_validate(actor=s.users["validator.a"], update=update, version=2)
    assert RecommendationStatus.objects.get(recommendation=s.rec_a).derived_status == "in_progress"
    assert Recommendation.objects.get(pk=s.rec_a.pk).implementation_status == "in_progress"
    services.progress_update_publish(actor=s.users["coordinator"], update=update, version=3)
    row = ProgressUpdate.objects.get(pk=update.pk)
    assert (row.status, row.version) == (ReviewStatus.PUBLISHED, 4)
    assert row.validated_by == s.users["validator.a"]
    assert row.published_by == s.users["coordinator"]
    actions = list(
        Event.objects.filter(target_id=str(update.pk), action__startswith="progress_update.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "progress_update.create",
        "progress_update.submit",
        "progress_update.validate",
        "progress_update.publish",
    ]


def test_return_needs_a_reason_and_goes_back_to_the_authors(scenario):
    s = scenario
    validator = s.users["validator.a"]
    before = _state(s.submitted_a)
    with pytest.raises(ServiceError) as error:
        services.progress_update_return(
            actor=validator, update=s.submitted_a, version=2, reason=" "
        )
    assert error.value.code == "reason_required"
    assert _state(s.submitted_a) == before
    services.progress_update_return(
        actor=validator, update=s.submitted_a, version=2, reason="Joindre le décret"
    )
    assert _state(s.submitted_a)[0] == ReviewStatus.RETURNED
    assert Notification.objects.filter(
        recipient=s.users["focal.a"], body__contains="Joindre le décret"
    ).exists()
    # the focal point corrects and submits again
    services.progress_update_edit(
        actor=s.users["focal.a"], update=s.submitted_a, version=3, values={"text": "Avec décret"}
    )
    services.progress_update_submit(actor=s.users["focal.a"], update=s.submitted_a, version=4)
    assert _state(s.submitted_a) == (ReviewStatus.SUBMITTED, 5, "Avec décret", "")


@pytest.mark.parametrize(
    ("persona", "step", "update_name"),
    [
        ("focal.a", "validate", "submitted_a"),  # focal points do not validate
        ("validator.b", "validate", "submitted_a"),  # another institution's validator
        ("coordinator", "validate", "submitted_a"),  # the institution validates, not the DIDH
        ("focal.b", "submit", "draft_a"),
        ("validator.a", "submit", "draft_a"),
        ("validator.a", "publish", "submitted_a"),
        ("focal.a", "publish", "submitted_a"),
        ("management", "publish", "submitted_a"),
    ],
)
def test_refused_steps_change_nothing(scenario, persona, step, update_name):
    s = scenario
    update = getattr(s, update_name)
    update.refresh_from_db()
    before = _state(update)
    events = Event.objects.count()
    service = getattr(services, f"progress_update_{step}")
    with pytest.raises(PermissionDenied):
        service(actor=s.users[persona], update=update, version=update.version)
    assert _state(update) == before
    assert Event.objects.count() == events


@pytest.mark.parametrize(
    ("step", "update_name", "persona"),
    [
        ("publish", "submitted_a", "coordinator"),  # not validated yet
        ("validate", "draft_a", "validator.a"),  # not submitted
        ("submit", "submitted_a", "focal.a"),  # already submitted
    ],
)
def test_steps_from_the_wrong_state_are_refused(scenario, step, update_name, persona):
    s = scenario
    update = getattr(s, update_name)
    update.refresh_from_db()
    before = _state(update)
    with pytest.raises(TransitionError):
        getattr(services, f"progress_update_{step}")(
            actor=s.users[persona], update=update, version=update.version
        )
    assert _state(update) == before


def test_stale_version_is_refused_with_what_changed(scenario):
    s = scenario
    focal = s.users["focal.a"]
    services.progress_update_edit(
        actor=focal, update=s.draft_a, version=1, values={"text": "Première version"}
    )
    stale = ProgressUpdate.objects.get(pk=s.draft_a.pk)
    stale.version = 1
    with pytest.raises(ConflictError) as error:
        services.progress_update_edit(
            actor=focal, update=stale, version=1, values={"text": "Version concurrente"}
        )
    assert error.value.current_version == 2
    assert error.value.changes == {
        "text": {"current": "Première version", "sent": "Version concurrente"}
    }
    assert ProgressUpdate.objects.get(pk=s.draft_a.pk).text == "Première version"


def test_submitted_update_cannot_be_edited(scenario):
    s = scenario
    with pytest.raises(PermissionDenied):
        services.progress_update_edit(
            actor=s.users["focal.a"], update=s.submitted_a, version=2, values={"text": "x"}
        )
    assert ProgressUpdate.objects.get(pk=s.submitted_a.pk).text == "Soumis A"


def test_focal_point_cannot_draft_on_other_institution_recommendation(scenario):
    s = scenario
    count = ProgressUpdate.objects.count()
    for rec in (s.rec_b, s.rec_unassigned):
        with pytest.raises(PermissionDenied):
            services.progress_update_create(
                actor=s.users["focal.a"], recommendation=rec, values={"text": "x"}
            )
    assert ProgressUpdate.objects.count() == count


def test_contributing_institution_reports_on_shared_recommendation(scenario):
    s = scenario
    update = services.progress_update_create(
        actor=s.users["focal.a"], recommendation=s.rec_shared, values={"text": "Contribution A"}
    )
    assert update.institution == s.institution_a


def test_validated_updates_derive_status_and_override_wins(scenario):
    s = scenario
    update = services.progress_update_create(
        actor=s.users["focal.a"],
        recommendation=s.rec_a,
        values={"text": "Loi adoptée", "assessed_status": "implemented"},
    )
    services.progress_update_submit(actor=s.users["focal.a"], update=update, version=1)
    services.progress_update_validate(actor=s.users["validator.a"], update=update, version=2)
    assert Recommendation.objects.get(pk=s.rec_a.pk).implementation_status == "implemented"
    with pytest.raises(ServiceError):
        services.status_override(
            actor=s.users["coordinator"], recommendation=s.rec_a, status="in_progress", reason=""
        )
    services.status_override(
        actor=s.users["coordinator"],
        recommendation=s.rec_a,
        status="partially_implemented",
        reason="Décrets d'application manquants",
    )
    assert Recommendation.objects.get(pk=s.rec_a.pk).implementation_status == (
        "partially_implemented"
    )
    with pytest.raises(PermissionDenied):
        services.status_override(
            actor=s.users["focal.a"], recommendation=s.rec_a, status="implemented", reason="x"
        )
    services.status_override(
        actor=s.users["coordinator"], recommendation=s.rec_a, status="", reason=""
    )
    assert Recommendation.objects.get(pk=s.rec_a.pk).implementation_status == "implemented"


def test_only_coordinators_assign_and_a_refusal_changes_nothing(scenario):
    s = scenario
    count = Assignment.objects.count()
    for persona in ("focal.a", "validator.a", "management", "association"):
        with pytest.raises(PermissionDenied):
            services.assignment_set(
                actor=s.users[persona],
                recommendation=s.rec_unassigned,
                lead_institution=s.institution_a,
            )
    assert Assignment.objects.count() == count


def test_bulk_assignment_assigns_and_reassigns_with_one_event_each(scenario):
    s = scenario
    events = Event.objects.filter(action__startswith="assignment.").count()
    services.assignments_set_many(
        actor=s.users["coordinator"],
        recommendation_ids=[s.rec_unassigned.pk, s.rec_b.pk],
        lead_institution=s.institution_a,
        contributing_institutions=[s.institution_b, s.institution_a],
        deadline=datetime.date(2027, 6, 30),
    )
    assert Event.objects.filter(action__startswith="assignment.").count() == events + 2
    for rec in (s.rec_unassigned, s.rec_b):
        assignment = Assignment.objects.get(recommendation=rec)
        assert assignment.lead_institution == s.institution_a
        assert list(assignment.contributing_institutions.all()) == [s.institution_b]
        assert assignment.deadline == datetime.date(2027, 6, 30)
    assert Notification.objects.filter(recipient=s.users["focal.a"], subject__isnull=False).exists()


def test_action_of_other_institution_cannot_be_edited(scenario):
    s = scenario
    with pytest.raises(PermissionDenied):
        services.action_edit(
            actor=s.users["focal.a"],
            action=s.action_b,
            version=1,
            values={"status": "completed"},
        )
    assert Action.objects.get(pk=s.action_b.pk).status == "in_progress"


def test_action_edit_refuses_stale_version(scenario):
    s = scenario
    services.action_edit(
        actor=s.users["focal.a"], action=s.action_a, version=1, values={"status": "in_progress"}
    )
    with pytest.raises(ConflictError) as error:
        services.action_edit(
            actor=s.users["focal.a"], action=s.action_a, version=1, values={"status": "completed"}
        )
    assert error.value.changes == {"status": {"current": "in_progress", "sent": "completed"}}


def test_indicator_and_values(scenario):
    s = scenario
    indicator = services.indicator_create(
        actor=s.users["focal.a"],
        action=s.action_a,
        values={
            "name_fr": "Bénéficiaires de l'aide",
            "kind": "outcome",
            "unit": "personnes",
            "baseline": 1000,
            "target": 5000,
        },
    )
    services.indicator_value_record(
        actor=s.users["focal.a"], indicator=indicator, date=datetime.date(2026, 6, 30), value="2500"
    )
    services.indicator_value_record(
        actor=s.users["focal.a"], indicator=indicator, date=datetime.date(2026, 6, 30), value="2600"
    )
    assert [str(v.value) for v in indicator.values.all()] == ["2600.00"]
    with pytest.raises(PermissionDenied):
        services.indicator_value_record(
            actor=s.users["focal.b"], indicator=indicator, date=datetime.date(2026, 7, 1), value=1
        )
