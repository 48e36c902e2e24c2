"""Progress updates through the review workflow: who may take which step, what validation
changes, what a refused write leaves untouched, and other units' drafts answering 404."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tatabbu.audit.models import Event
from tatabbu.core.exceptions import ConflictError, ServiceError, TransitionError
from tatabbu.core.workflow import ReviewStatus

from .. import services
from ..models import IndicatorValue, Project, ProjectUpdate
from .factories import IndicatorFactory, ProjectFactory, UpdateFactory, unit_people

pytestmark = pytest.mark.django_db

VALUES = {
    "as_of": datetime.date(2026, 6, 30),
    "progress_percent": Decimal("35.0"),
    "project_status": "in_progress",
    "budget_committed": Decimal("120000.00"),
    "budget_spent": Decimal("80000.00"),
    "narrative_ar": "تم إعداد المسودة الأولى.",
    "narrative_fr": "",
    "narrative_en": "First draft prepared.",
}


@pytest.fixture
def people(personas: dict[str, Any]) -> dict[str, Any]:
    return {
        **unit_people(),
        "coordinator": personas["coordinator"],
        "management": personas["management"],
        "administrator": personas["administrator"],
        "focal_a": personas["focal.a"],
    }


@pytest.fixture
def project() -> Project:
    return ProjectFactory(budget_planned=Decimal("200000.00"))


def _state(update: ProjectUpdate) -> tuple[Any, ...]:
    update = ProjectUpdate.objects.get(pk=update.pk)
    project = Project.objects.get(pk=update.project_id)
    return (
        update.status,
        update.version,
        update.progress_percent,
        update.narrative_en,
        project.progress_percent,
        project.budget_spent,
        project.status,
        Event.objects.count(),
    )


def _draft(people: dict[str, Any], project: Project, **values: Any) -> ProjectUpdate:
    return services.project_update_create(
        actor=people["head_a"], project=project, values={**VALUES, **values}
    )


def test_unit_head_drafts_submits_approver_validates_coordinator_publishes(people, project) -> None:
    update = _draft(people, project)
    assert update.status == ReviewStatus.DRAFT
    services.project_update_submit(actor=people["head_a"], update=update, version=update.version)
    assert update.status == ReviewStatus.SUBMITTED
    services.project_update_validate(
        actor=people["approver_a"], update=update, version=update.version
    )
    project.refresh_from_db()
    assert (project.progress_percent, project.budget_committed, project.budget_spent) == (
        Decimal("35.0"),
        Decimal("120000.00"),
        Decimal("80000.00"),
    )
    assert (project.status, project.figures_as_of) == ("in_progress", datetime.date(2026, 6, 30))
    services.project_update_publish(
        actor=people["coordinator"], update=update, version=update.version
    )
    update.refresh_from_db()
    assert update.status == ReviewStatus.PUBLISHED
    assert update.published_by == people["coordinator"]
    actions = list(
        Event.objects.filter(target_id=str(update.pk), action__startswith="plan_update.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "plan_update.create",
        "plan_update.submit",
        "plan_update.validate",
        "plan_update.publish",
    ]
    figures = Event.objects.get(action="plan_project.figures")
    assert figures.before["progress_percent"] == "0.0"
    assert figures.after["progress_percent"] == "35.0"


def test_figures_come_only_from_validated_updates(people, project) -> None:
    update = _draft(people, project)
    services.project_update_submit(actor=people["head_a"], update=update, version=update.version)
    project.refresh_from_db()
    assert project.progress_percent == Decimal(0)
    assert project.budget_spent is None


def test_an_older_update_validated_later_does_not_replace_newer_figures(people, project) -> None:
    newer = _draft(people, project, as_of=datetime.date(2026, 9, 30), progress_percent=Decimal(60))
    older = _draft(people, project, as_of=datetime.date(2026, 3, 31), progress_percent=Decimal(20))
    for update in (newer, older):
        services.project_update_submit(
            actor=people["head_a"], update=update, version=update.version
        )
        services.project_update_validate(
            actor=people["approver_a"], update=update, version=update.version
        )
    project.refresh_from_db()
    assert (project.progress_percent, project.figures_as_of) == (
        Decimal("60.0"),
        datetime.date(2026, 9, 30),
    )


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("head_a", True),
        ("approver_a", True),
        ("coordinator", True),
        ("head_b", False),
        ("approver_b", False),
        ("management", False),
        ("administrator", False),
        ("focal_a", False),
    ],
)
def test_who_may_draft_an_update(people, project, who: str, allowed: bool) -> None:
    events = Event.objects.count()
    if allowed:
        update = services.project_update_create(actor=people[who], project=project, values=VALUES)
        assert update.author == people[who]
    else:
        with pytest.raises(PermissionDenied):
            services.project_update_create(actor=people[who], project=project, values=VALUES)
        assert ProjectUpdate.objects.count() == 0
        assert Event.objects.count() == events


@pytest.mark.parametrize(
    ("step", "status", "who", "allowed"),
    [
        ("submit", ReviewStatus.DRAFT, "head_a", True),
        ("submit", ReviewStatus.DRAFT, "head_b", False),
        ("submit", ReviewStatus.DRAFT, "management", False),
        ("submit", ReviewStatus.RETURNED, "approver_a", True),
        ("validate", ReviewStatus.SUBMITTED, "approver_a", True),
        ("validate", ReviewStatus.SUBMITTED, "coordinator", True),
        ("validate", ReviewStatus.SUBMITTED, "head_a", False),
        ("validate", ReviewStatus.SUBMITTED, "approver_b", False),
        ("validate", ReviewStatus.SUBMITTED, "management", False),
        ("return", ReviewStatus.SUBMITTED, "approver_a", True),
        ("return", ReviewStatus.SUBMITTED, "head_a", False),
        ("publish", ReviewStatus.VALIDATED, "coordinator", True),
        ("publish", ReviewStatus.VALIDATED, "approver_a", False),
        ("publish", ReviewStatus.VALIDATED, "administrator", False),
    ],
)
def test_transitions_by_role(people, project, step, status, who, allowed) -> None:
    update = UpdateFactory(project=project, status=status, author=people["head_a"])
    before = _state(update)
    call = getattr(services, f"project_update_{step}")
    kwargs = {"actor": people[who], "update": update, "version": update.version}
    if step == "return":
        kwargs["reason"] = "Add the figures of the second quarter."
    if allowed:
        call(**kwargs)
        assert ProjectUpdate.objects.get(pk=update.pk).status != status
    else:
        with pytest.raises(PermissionDenied):
            call(**kwargs)
        assert _state(update) == before


@pytest.mark.parametrize(
    ("step", "status"),
    [
        ("validate", ReviewStatus.DRAFT),
        ("publish", ReviewStatus.SUBMITTED),
        ("submit", ReviewStatus.VALIDATED),
        ("return", ReviewStatus.PUBLISHED),
    ],
)
def test_steps_not_allowed_from_the_current_status_are_refused(people, project, step, status):
    update = UpdateFactory(project=project, status=status, author=people["head_a"])
    before = _state(update)
    call = getattr(services, f"project_update_{step}")
    kwargs = {"actor": people["coordinator"], "update": update, "version": update.version}
    if step == "return":
        kwargs["reason"] = "reason"
    with pytest.raises((TransitionError, PermissionDenied)):
        call(**kwargs)
    assert _state(update) == before


def test_an_approver_cannot_validate_an_update_they_wrote(people, project) -> None:
    update = UpdateFactory(
        project=project, status=ReviewStatus.SUBMITTED, author=people["approver_a"]
    )
    before = _state(update)
    with pytest.raises(PermissionDenied):
        services.project_update_validate(
            actor=people["approver_a"], update=update, version=update.version
        )
    assert _state(update) == before


def test_returning_needs_a_reason_and_the_unit_can_resubmit(people, project) -> None:
    update = UpdateFactory(project=project, status=ReviewStatus.SUBMITTED, author=people["head_a"])
    with pytest.raises(ServiceError) as error:
        services.project_update_return(
            actor=people["approver_a"], update=update, version=update.version, reason="  "
        )
    assert error.value.code == "reason_required"
    services.project_update_return(
        actor=people["approver_a"], update=update, version=update.version, reason="Too vague."
    )
    assert (update.status, update.return_reason) == (ReviewStatus.RETURNED, "Too vague.")
    services.project_update_edit(
        actor=people["head_a"],
        update=update,
        version=update.version,
        values={"narrative_en": "Now with the dates of the seminar."},
    )
    services.project_update_submit(actor=people["head_a"], update=update, version=update.version)
    update.refresh_from_db()
    assert (update.status, update.return_reason) == (ReviewStatus.SUBMITTED, "")


def test_a_stale_version_is_refused(people, project) -> None:
    update = _draft(people, project)
    stale = update.version
    services.project_update_edit(
        actor=people["head_a"], update=update, version=stale, values={"narrative_en": "One."}
    )
    before = _state(update)
    copy = ProjectUpdate.objects.get(pk=update.pk)
    with pytest.raises(ConflictError):
        services.project_update_submit(actor=people["approver_a"], update=copy, version=stale)
    assert _state(update) == before


def test_submitted_and_validated_updates_cannot_be_edited(people, project) -> None:
    update = UpdateFactory(project=project, status=ReviewStatus.SUBMITTED, author=people["head_a"])
    before = _state(update)
    with pytest.raises(PermissionDenied):
        services.project_update_edit(
            actor=people["head_a"],
            update=update,
            version=update.version,
            values={"narrative_en": "x"},
        )
    assert _state(update) == before


def test_unknown_fields_are_refused(people, project) -> None:
    with pytest.raises(ServiceError) as error:
        services.project_update_create(
            actor=people["head_a"], project=project, values={**VALUES, "status": "published"}
        )
    assert error.value.code == "unknown_fields"
    assert ProjectUpdate.objects.count() == 0


def test_indicator_values_belong_to_the_project(people, project) -> None:
    indicator = IndicatorFactory(plan=project.plan)
    indicator.projects.add(project)
    foreign = IndicatorFactory(plan=project.plan)
    update = services.project_update_create(
        actor=people["head_a"],
        project=project,
        values=VALUES,
        indicator_values={indicator.pk: (Decimal("4"), "")},
    )
    assert IndicatorValue.objects.get(update=update).value == Decimal("4.00")
    with pytest.raises(ServiceError):
        services.project_update_create(
            actor=people["head_a"],
            project=project,
            values=VALUES,
            indicator_values={foreign.pk: (Decimal("1"), "")},
        )
    assert ProjectUpdate.objects.count() == 1


# --- Through the pages -------------------------------------------------------------------------


def test_other_units_drafts_answer_404(people, project, client_for) -> None:
    draft = UpdateFactory(project=project, status=ReviewStatus.DRAFT, author=people["head_a"])
    for who, expected in (
        ("head_a", 200),
        ("approver_a", 200),
        ("coordinator", 200),
        ("management", 200),
        ("head_b", 404),
        ("approver_b", 404),
        ("focal_a", 404),
    ):
        client = client_for(people[who])
        response = client.get(reverse("actionplan:update_detail", kwargs={"uuid": draft.uuid}))
        assert response.status_code == expected, who
        response = client.get(reverse("actionplan:update_edit", kwargs={"uuid": draft.uuid}))
        assert response.status_code in (
            {200} if who in {"head_a", "approver_a", "coordinator"} else {403, 404}
        ), who


def test_other_unit_cannot_post_a_step_on_a_draft_and_nothing_changes(people, project, client_for):
    draft = UpdateFactory(project=project, status=ReviewStatus.DRAFT, author=people["head_a"])
    client = client_for(people["head_b"])
    before = _state(draft)
    url = reverse("actionplan:update_transition", kwargs={"uuid": draft.uuid, "step": "submit"})
    response = client.post(url, {"version": draft.version})
    assert response.status_code == 404
    assert _state(draft) == before


def test_a_validated_update_is_visible_to_other_units_but_not_theirs_to_publish(
    people, project, client_for
) -> None:
    update = UpdateFactory(project=project, status=ReviewStatus.VALIDATED, author=people["head_a"])
    client = client_for(people["head_b"])
    assert client.get(update.get_absolute_url()).status_code == 200
    before = _state(update)
    url = reverse("actionplan:update_transition", kwargs={"uuid": update.uuid, "step": "publish"})
    assert client.post(url, {"version": update.version}).status_code == 403
    assert _state(update) == before


def test_the_whole_workflow_through_the_pages(people, project, client_for) -> None:
    head = client_for(people["head_a"])
    response = head.get(reverse("actionplan:update_create", kwargs={"uuid": project.uuid}))
    assert response.status_code == 200
    response = head.post(
        reverse("actionplan:update_create", kwargs={"uuid": project.uuid}),
        {
            "as_of": "2026-06-30",
            "progress_percent": "45",
            "project_status": "in_progress",
            "budget_spent": "1000",
            "narrative_ar": "تقدم ملموس.",
        },
    )
    assert response.status_code == 302
    update = ProjectUpdate.objects.get()
    step = lambda client, name, **data: client.post(  # noqa: E731
        reverse("actionplan:update_transition", kwargs={"uuid": update.uuid, "step": name}),
        {"version": ProjectUpdate.objects.get(pk=update.pk).version, **data},
    )
    assert step(head, "submit").status_code == 302
    approver = client_for(people["approver_a"])
    page = approver.get(update.get_absolute_url())
    assert b'data-step="validate"' in page.content
    assert step(approver, "return", reason="Add the partners.").status_code == 302
    assert ProjectUpdate.objects.get(pk=update.pk).status == ReviewStatus.RETURNED
    assert step(head, "submit").status_code == 302
    assert step(approver, "validate").status_code == 302
    assert step(client_for(people["coordinator"]), "publish").status_code == 302
    update.refresh_from_db()
    project.refresh_from_db()
    assert update.status == ReviewStatus.PUBLISHED
    assert (project.progress_percent, project.budget_spent) == (Decimal("45.0"), Decimal("1000.00"))


def test_a_form_without_narrative_is_refused(people, project, client_for) -> None:
    response = client_for(people["head_a"]).post(
        reverse("actionplan:update_create", kwargs={"uuid": project.uuid}),
        {"as_of": "2026-06-30", "progress_percent": "45", "project_status": "in_progress"},
    )
    assert response.status_code == 200
    assert ProjectUpdate.objects.count() == 0
