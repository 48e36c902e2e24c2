"""Roll-ups by axis (exact numbers), the timeline grid, late milestones, scoping of updates and
the published-only variant."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from tatabbu.core.workflow import ReviewStatus

from .. import selectors
from ..models import ActionPlan, Project
from .factories import (
    AxisFactory,
    MilestoneFactory,
    PlanFactory,
    ProjectFactory,
    UpdateFactory,
    unit_people,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def plan() -> ActionPlan:
    """Axis 1 with three projects; axis 2 with sub-axes 2.1 (one project) and 2.2 (two)."""
    plan = PlanFactory(slug="rollup-plan")
    axis_1 = AxisFactory(plan=plan, code="1", position=1)
    axis_2 = AxisFactory(plan=plan, code="2", position=2)
    sub_1 = AxisFactory(plan=plan, code="2.1", parent=axis_2, position=3)
    sub_2 = AxisFactory(plan=plan, code="2.2", parent=axis_2, position=4)
    rows = [
        (axis_1, "10.0", "100000", "50000", "25000", "MAD", "in_progress"),
        (axis_1, "45.5", "300000", None, "75000", "MAD", "in_progress"),
        (axis_1, "0.0", None, None, None, "MAD", "not_started"),
        (sub_1, "80.0", "50000", None, "50000", "MAD", "delayed"),
        (sub_2, "33.3", None, None, None, "MAD", "in_progress"),
        (sub_2, "100.0", "20000", None, "10000", "EUR", "completed"),
    ]
    for number, (axis, progress, planned, committed, spent, currency, status) in enumerate(rows, 1):
        ProjectFactory(
            axis=axis,
            number=number,
            progress_percent=Decimal(progress),
            budget_planned=Decimal(planned) if planned else None,
            budget_committed=Decimal(committed) if committed else None,
            budget_spent=Decimal(spent) if spent else None,
            currency=currency,
            status=status,
        )
    first = plan.projects.get(number=1)
    MilestoneFactory(project=first, due_date=datetime.date(2026, 3, 31))
    MilestoneFactory(project=first, due_date=datetime.date(2026, 9, 30))
    MilestoneFactory(
        project=plan.projects.get(number=4),
        due_date=datetime.date(2026, 2, 28),
        done_date=datetime.date(2026, 2, 20),
    )
    return plan


def test_rollup_by_axis_gives_exact_progress_and_budgets(plan) -> None:
    rollup = selectors.plan_rollup(plan=plan, today=TODAY)
    axis_1, axis_2 = rollup.axes
    assert (axis_1.axis.code, axis_1.rollup.projects, axis_1.rollup.progress) == (
        "1",
        3,
        Decimal("18.5"),
    )
    assert axis_1.rollup.planned == {"MAD": Decimal("400000")}
    assert axis_1.rollup.committed == {"MAD": Decimal("50000")}
    assert axis_1.rollup.spent == {"MAD": Decimal("100000")}
    assert axis_1.rollup.execution("MAD") == Decimal("25.0")
    assert axis_1.rollup.late_milestones == 1
    assert (axis_2.rollup.projects, axis_2.rollup.progress) == (3, Decimal("71.1"))
    assert axis_2.rollup.planned == {"MAD": Decimal("50000"), "EUR": Decimal("20000")}
    assert axis_2.rollup.spent == {"MAD": Decimal("50000"), "EUR": Decimal("10000")}
    assert axis_2.rollup.execution("MAD") == Decimal("100.0")
    assert axis_2.rollup.execution("EUR") == Decimal("50.0")
    assert axis_2.rollup.late_milestones == 0
    sub_1, sub_2 = axis_2.sub_axes
    assert (sub_1.axis.code, sub_1.rollup.projects, sub_1.rollup.progress) == (
        "2.1",
        1,
        Decimal("80.0"),
    )
    assert (sub_2.axis.code, sub_2.rollup.projects, sub_2.rollup.progress) == (
        "2.2",
        2,
        Decimal("66.7"),
    )
    total = rollup.total
    assert (total.projects, total.progress) == (6, Decimal("44.8"))
    assert total.planned == {"MAD": Decimal("450000"), "EUR": Decimal("20000")}
    assert total.execution("MAD") == Decimal("33.3")
    assert total.late_milestones == 1
    assert total.by_status == {"in_progress": 3, "not_started": 1, "delayed": 1, "completed": 1}


def test_an_axis_without_planned_budget_has_no_execution(plan) -> None:
    rollup = selectors.plan_rollup(plan=plan, today=TODAY)
    sub_2 = rollup.axes[1].sub_axes[1]
    assert sub_2.rollup.execution("MAD") is None


def test_published_only_reads_figures_of_published_updates(plan) -> None:
    first = plan.projects.get(number=1)
    UpdateFactory(
        project=first,
        status=ReviewStatus.PUBLISHED,
        progress_percent=Decimal("5.0"),
        budget_spent=Decimal("1000"),
    )
    UpdateFactory(
        project=first,
        status=ReviewStatus.VALIDATED,
        progress_percent=Decimal("9.0"),
        as_of=datetime.date(2026, 7, 31),
    )
    rollup = selectors.plan_rollup(plan=plan, today=TODAY, published_only=True)
    assert rollup.total.progress == Decimal("0.8")  # 5 / 6 projects
    assert rollup.total.spent == {"MAD": Decimal("1000")}
    ActionPlan.objects.filter(pk=plan.pk).update(is_public=True)
    public = selectors.project_list(user=None, published_only=True)
    assert public.get(number=1).shown_progress == Decimal("5.0")
    assert public.get(number=2).shown_progress is None


def test_published_only_shows_only_public_plans(plan) -> None:
    assert selectors.plan_list(user=None, published_only=True).count() == 0
    assert selectors.project_list(user=None, published_only=True).count() == 0


def test_late_milestones_are_past_due_and_not_done(plan) -> None:
    late = list(selectors.late_milestones(user=_coordinator(), plan=plan, today=TODAY))
    assert [(m.project.number, m.due_date) for m in late] == [(1, datetime.date(2026, 3, 31))]


def test_timeline_places_bars_by_planned_dates(plan) -> None:
    project = plan.projects.get(number=1)
    Project.objects.filter(pk=project.pk).update(
        planned_start=datetime.date(2026, 2, 23), planned_end=datetime.date(2026, 3, 31)
    )
    projects = list(plan.projects.order_by("number"))
    timeline = selectors.plan_timeline(plan=plan, projects=projects, today=TODAY)
    assert timeline.slots == 48
    assert timeline.heading_unit == "month"
    assert len(timeline.headings) == 12
    assert (timeline.headings[0].start, timeline.headings[-1].end) == (1, 49)
    first = timeline.rows[0]
    assert (first.start, first.end, first.has_dates) == (8, 13, True)
    assert [mark.slot for mark in first.marks] == [12, 36]
    assert [mark.late for mark in first.marks] == [True, False]
    undated = timeline.rows[1]
    assert (undated.start, undated.end, undated.has_dates) == (1, 49, False)
    assert timeline.today == 20


def test_a_multi_year_plan_is_headed_by_years() -> None:
    plan = PlanFactory(start_date=datetime.date(2018, 1, 1), end_date=datetime.date(2021, 12, 31))
    timeline = selectors.plan_timeline(plan=plan, projects=[], today=TODAY)
    assert timeline.heading_unit == "year"
    assert [(h.date.year, h.start, h.end) for h in timeline.headings] == [
        (2018, 1, 13),
        (2019, 13, 25),
        (2020, 25, 37),
        (2021, 37, 49),
    ]
    assert timeline.today is None


def test_updates_scoping(plan, personas: dict[str, Any]) -> None:
    people = unit_people()
    project = plan.projects.get(number=1)
    draft = UpdateFactory(project=project, status=ReviewStatus.DRAFT, author=people["head_a"])
    validated = UpdateFactory(
        project=project, status=ReviewStatus.VALIDATED, author=people["head_a"]
    )
    visible = lambda user: set(selectors.update_list(user=user))  # noqa: E731
    assert visible(people["head_a"]) == {draft, validated}
    assert visible(people["approver_a"]) == {draft, validated}
    assert visible(people["head_b"]) == {validated}
    assert visible(personas["focal.a"]) == {validated}
    assert visible(personas["coordinator"]) == {draft, validated}
    assert visible(personas["management"]) == {draft, validated}
    assert visible(personas["association"]) == set()
    assert set(selectors.updates_awaiting(user=people["head_a"])) == {draft}
    assert set(selectors.updates_awaiting(user=personas["coordinator"])) == {validated}


def test_project_filters(plan) -> None:
    filtered = lambda **f: sorted(  # noqa: E731
        selectors.project_list(user=_coordinator(), plan=plan, filters=f).values_list(
            "number", flat=True
        )
    )
    assert filtered(axis="2") == [4, 5, 6]
    assert filtered(axis="2.2") == [5, 6]
    assert filtered(status="in_progress") == [1, 2, 5]
    assert filtered(unit="didh-international-mechanisms") == [1, 2, 3, 4, 5, 6]
    assert filtered(unit="ministry-of-justice") == []


def _coordinator() -> Any:
    from tatabbu.accounts.models import User

    return User.objects.get(username="coordinator")
