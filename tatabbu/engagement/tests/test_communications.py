"""The individual-communications docket: confidentiality, deadlines, follow-up, audit."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tatabbu.audit.models import Event
from tatabbu.core.exceptions import ConflictError, ServiceError
from tatabbu.engagement import selectors, services
from tatabbu.engagement.choices import DeadlineKind
from tatabbu.engagement.models import IndividualCommunication
from tatabbu.mechanisms.models import Mechanism

from .factories import MINISTRY_B, communication

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("administrator", 200),
        ("focal.a", 200),
        ("validator.a", 200),
        ("focal.b", 404),
        ("validator.b", 404),
        ("management", 404),
        ("reviewer", 404),
        ("association", 404),
        ("anonymous", 302),
    ],
)
def test_a_communication_is_visible_to_coordinators_and_its_institution_only(
    persona: str, status: int, personas: dict[str, Any], client_for: Any
) -> None:
    item = communication()
    url = reverse("engagement:communication_detail", kwargs={"uuid": item.uuid})
    response = client_for(personas.get(persona)).get(url)
    assert response.status_code == status
    if status == 404:
        assert item.reference not in response.content.decode()


def test_lists_and_calendar_hide_other_institutions_communications(
    personas: dict[str, Any], client_for: Any
) -> None:
    mine = communication(reference="1111/2025")
    theirs = communication(reference="2222/2025", ministry=MINISTRY_B)
    listed = {c.pk for c in selectors.communication_list(user=personas["focal.b"])}
    assert listed == {theirs.pk}
    assert {c.pk for c in selectors.communication_list(user=personas["coordinator"])} == {
        mine.pk,
        theirs.pk,
    }
    assert selectors.communication_list(user=personas["management"]).count() == 0
    page = client_for(personas["focal.b"]).get(reverse("engagement:communication_list"))
    assert "2222/2025" in page.content.decode() and "1111/2025" not in page.content.decode()
    titles = {e.title for e in selectors.calendar_entries(user=personas["focal.b"])}
    assert "CCPR 2222/2025" in titles and "CCPR 1111/2025" not in titles


def test_observations_are_due_six_months_after_registration_unless_set() -> None:
    item = communication(registered_on=D(2025, 11, 3))
    assert selectors.communication_deadlines(item) == [
        (DeadlineKind.OBSERVATIONS_DUE, D(2026, 5, 3), True)
    ]
    item.observations_due = D(2026, 4, 1)
    assert selectors.communication_deadlines(item) == [
        (DeadlineKind.OBSERVATIONS_DUE, D(2026, 4, 1), False)
    ]


def test_views_finding_a_violation_open_a_follow_up_deadline(personas: dict[str, Any]) -> None:
    item = communication()
    services.communication_update(
        actor=personas["coordinator"],
        communication=item,
        version=item.version,
        observations_submitted_on=D(2026, 4, 20),
        admissibility="admissible",
        outcome="violation",
        views_symbol="CCPR/C/146/D/4321/2025",
        views_date=D(2026, 3, 2),
        remedy="Effective remedy, including compensation.",
        status="decided",
    )
    item = selectors.communication_get(user=personas["coordinator"], uuid=item.uuid)
    assert selectors.communication_deadlines(item) == [
        (DeadlineKind.COMMUNICATION_FOLLOW_UP_DUE, D(2026, 8, 29), True)
    ]
    services.communication_follow_up_record(
        actor=personas["coordinator"],
        communication=item,
        round=1,
        due_date=D(2026, 9, 1),
        summary="",
    )
    item = selectors.communication_get(user=personas["coordinator"], uuid=item.uuid)
    assert selectors.communication_deadlines(item) == [
        (DeadlineKind.COMMUNICATION_FOLLOW_UP_DUE, D(2026, 9, 1), False)
    ]
    services.communication_follow_up_record(
        actor=personas["coordinator"],
        communication=item,
        round=1,
        submitted_on=D(2026, 8, 30),
        grade="B",
    )
    item = selectors.communication_get(user=personas["coordinator"], uuid=item.uuid)
    assert selectors.communication_deadlines(item) == []
    assert item.follow_ups.get().grade == "B"
    actions = list(Event.objects.filter(target_id=str(item.pk)).values_list("action", flat=True))
    assert actions.count("communication.follow_up") == 2


def test_focal_points_cannot_register_or_change_communications(personas: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        services.communication_create(
            actor=personas["focal.a"],
            committee=Mechanism.objects.get(code="CAT"),
            reference="1/2026",
            author="X",
            registered_on=D(2026, 1, 5),
            subject="s",
        )
    assert not IndividualCommunication.objects.exists()


def test_only_the_eight_committees_and_unique_references(personas: dict[str, Any]) -> None:
    with pytest.raises(ServiceError):
        communication(committee="CMW")
    communication(reference="5/2026")
    with pytest.raises(ServiceError):
        communication(reference="5/2026")
    assert IndividualCommunication.objects.count() == 1


def test_a_stale_edit_is_refused_with_409(personas: dict[str, Any], client_for: Any) -> None:
    item = communication()
    services.communication_update(
        actor=personas["coordinator"], communication=item, version=1, status="decided"
    )
    with pytest.raises(ConflictError):
        services.communication_update(
            actor=personas["coordinator"], communication=item, version=1, status="closed"
        )
    url = reverse("engagement:communication_edit", kwargs={"uuid": item.uuid})
    data = {
        "reference": item.reference,
        "author": item.author,
        "registered_on": "2025-11-03",
        "subject": "changed",
        "admissibility": "pending",
        "status": "registered",
        "version": "1",
    }
    response = client_for(personas["coordinator"]).post(url, data)
    assert response.status_code == 409
    item.refresh_from_db()
    assert item.subject != "changed"


def test_coordinator_registers_a_communication_through_the_form(
    personas: dict[str, Any], client_for: Any
) -> None:
    from .factories import institution

    ministry = institution(MINISTRY_B)
    response = client_for(personas["coordinator"]).post(
        reverse("engagement:communication_create"),
        {
            "committee": Mechanism.objects.get(code="CEDAW").pk,
            "reference": "210/2026",
            "author": "C. D.",
            "registered_on": "2026-01-12",
            "subject": "Custody after divorce",
            "articles": "16",
            "interim_measures": "on",
            "admissibility": "pending",
            "status": "registered",
            "institutions": [ministry.pk],
        },
    )
    assert response.status_code == 302
    item = IndividualCommunication.objects.get(reference="210/2026")
    assert item.interim_measures is True
    assert list(item.institutions.all()) == [ministry]
    assert Event.objects.filter(action="communication.create", target_id=str(item.pk)).exists()
    bad = client_for(personas["coordinator"]).post(
        reverse("engagement:communication_create"), {"reference": "x"}
    )
    assert bad.status_code == 400
