"""The API of action plans: read for staff, scoped, filtered like the pages."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tatabbu.core.workflow import ReviewStatus

from .factories import AxisFactory, PartnerFactory, PlanFactory, ProjectFactory, UpdateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():  # type: ignore[no-untyped-def]
    plan = PlanFactory(slug="api-plan")
    axis = AxisFactory(plan=plan, code="1")
    sub = AxisFactory(plan=plan, code="1.1", parent=axis)
    partner = PartnerFactory(slug="undp-test")
    first = ProjectFactory(
        axis=axis,
        number=1,
        progress_percent=Decimal("40.0"),
        budget_planned=Decimal("1000"),
        budget_spent=Decimal("250"),
        status="in_progress",
        figures_as_of=datetime.date(2026, 6, 30),
    )
    first.partners.add(partner)
    ProjectFactory(axis=sub, number=2)
    return plan


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        (None, 401),
        ("association", 403),
        ("focal.b", 200),
        ("management", 200),
        ("coordinator", 200),
    ],
)
def test_projects_are_read_by_staff(plan, api_client_for, personas, persona, status) -> None:
    client = api_client_for(personas[persona] if persona else None)
    assert client.get("/api/v1/action-plan-projects/").status_code == status
    assert client.get(f"/api/v1/action-plans/{plan.slug}/").status_code == status


def test_project_carries_progress_and_budget(plan, api_client_for, coordinator) -> None:
    project = plan.projects.get(number=1)
    body = api_client_for(coordinator).get(f"/api/v1/action-plan-projects/{project.uuid}/").json()
    assert body["plan"] == "api-plan"
    assert body["axis"] == "1"
    assert body["progress_percent"] == "40.0"
    assert body["status"] == "in_progress"
    assert body["figures_as_of"] == "2026-06-30"
    assert body["budget"] == {
        "currency": "MAD",
        "planned": "1000.00",
        "committed": None,
        "spent": "250.00",
    }
    assert body["partners"] == ["undp-test"]
    assert body["responsible_unit"] == "didh-international-mechanisms"


def test_project_filters_are_the_pages_filters(plan, api_client_for, coordinator) -> None:
    client = api_client_for(coordinator)
    numbers = lambda query: [  # noqa: E731
        row["number"]
        for row in client.get(f"/api/v1/action-plan-projects/?{query}").json()["results"]
    ]
    assert numbers("plan=api-plan") == [1, 2]
    assert numbers("plan=api-plan&axis=1.1") == [2]
    assert numbers("plan=api-plan&status=in_progress") == [1]
    assert numbers("plan=api-plan&partner=undp-test") == [1]
    assert client.get("/api/v1/action-plan-projects/?status=bogus").status_code == 400


def test_axes_of_a_plan(plan, api_client_for, coordinator) -> None:
    rows = api_client_for(coordinator).get("/api/v1/action-plan-axes/?plan=api-plan").json()
    assert [(row["code"], row["parent"]) for row in rows["results"]] == [("1", None), ("1.1", "1")]


def test_unvalidated_updates_do_not_change_api_figures(plan, api_client_for, coordinator) -> None:
    project = plan.projects.get(number=1)
    UpdateFactory(project=project, status=ReviewStatus.SUBMITTED, progress_percent=Decimal(90))
    body = api_client_for(coordinator).get(f"/api/v1/action-plan-projects/{project.uuid}/").json()
    assert body["progress_percent"] == "40.0"


def test_project_list_query_budget(
    plan, api_client_for, coordinator, django_assert_max_num_queries
):
    client = api_client_for(coordinator)
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/action-plan-projects/").status_code == 200
