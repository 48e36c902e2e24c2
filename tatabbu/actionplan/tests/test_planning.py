"""Planning changes: milestones, risks, document links and recommendations, each audited and
refused to people outside the project's units (nothing written then)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tatabbu.audit.models import Event

from .. import services
from ..models import Milestone, ProjectLink, Risk
from .factories import ProjectFactory, unit_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():  # type: ignore[no-untyped-def]
    return ProjectFactory()


def test_coordinator_adds_milestones_in_order(project, coordinator) -> None:
    first = services.milestone_add(
        actor=coordinator,
        project=project,
        due_date=datetime.date(2026, 4, 1),
        title_ar="مرحلة أولى",
    )
    second = services.milestone_add(
        actor=coordinator, project=project, due_date=datetime.date(2026, 5, 1), title_en="Second"
    )
    assert (first.position, second.position) == (1, 2)
    assert Event.objects.filter(action="plan_milestone.add").count() == 2


def test_unit_head_records_risks_and_links_others_may_not(project, focal_b) -> None:
    head = unit_people()["head_a"]
    risk = services.risk_add(
        actor=head,
        project=project,
        values={"title_en": "Late contributions", "likelihood": "high", "impact": "medium"},
    )
    link = services.project_link_add(
        actor=head, project=project, title="Concept note", url="https://example.org/note.pdf"
    )
    assert (risk.likelihood, link.url) == ("high", "https://example.org/note.pdf")
    events = Event.objects.count()
    with pytest.raises(PermissionDenied):
        services.risk_add(actor=focal_b, project=project, values={"title_en": "x"})
    with pytest.raises(PermissionDenied):
        services.milestone_add(actor=head, project=project, due_date=datetime.date(2026, 1, 1))
    assert (Risk.objects.count(), Milestone.objects.count(), Event.objects.count()) == (
        1,
        0,
        events,
    )


@pytest.mark.parametrize("url", ["file:///etc/passwd", "javascript:alert(1)", "ftp://x/y"])
def test_document_links_are_web_addresses_only(project, coordinator, url: str) -> None:
    with pytest.raises(ValidationError):
        services.project_link_add(actor=coordinator, project=project, title="x", url=url)
    assert not ProjectLink.objects.exists()


def test_recommendations_linked_by_the_coordinator(project, coordinator, focal_a) -> None:
    services.project_recommendations_set(actor=coordinator, project=project, recommendation_ids=[])
    assert not Event.objects.filter(action="plan_project.recommendations").exists()
    with pytest.raises(PermissionDenied):
        services.project_recommendations_set(actor=focal_a, project=project, recommendation_ids=[])
