"""The pages of action plans: what they show, in which direction, with how many queries."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tatabbu.core.workflow import ReviewStatus

from ..models import Project
from .factories import (
    AxisFactory,
    MilestoneFactory,
    PartnerFactory,
    PlanFactory,
    ProjectFactory,
    UpdateFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():  # type: ignore[no-untyped-def]
    plan = PlanFactory(slug="views-plan")
    axis_1 = AxisFactory(plan=plan, code="1", position=1, title_en="Coordination")
    axis_2 = AxisFactory(plan=plan, code="2", position=2, title_en="Positioning")
    partner = PartnerFactory(slug="ohchr-test", name_en="OHCHR (test)")
    for number in range(1, 31):
        project = ProjectFactory(
            axis=axis_1 if number <= 20 else axis_2,
            number=number,
            progress_percent=Decimal(number),
            budget_planned=Decimal(1000),
            budget_spent=Decimal(number * 10),
            planned_start=datetime.date(2026, 2, 1) if number % 2 else None,
            planned_end=datetime.date(2026, 5, 31) if number % 2 else None,
        )
        project.partners.add(partner)
        MilestoneFactory(project=project, due_date=datetime.date(2026, 3, 1))
    return plan


def _url(name: str, language: str = "en", **kwargs: object) -> str:
    with translation.override(language):
        return reverse(f"actionplan:{name}", kwargs=kwargs)


def test_plan_list_shows_each_plan_with_its_figures(plan, client_for, coordinator) -> None:
    response = client_for(coordinator).get(_url("plan_list"))
    assert response.status_code == 200
    assert plan.title_en in response.content.decode()


def test_plan_detail_gives_the_same_numbers_in_the_chart_and_the_table(
    plan, client_for, coordinator
) -> None:
    response = client_for(coordinator).get(_url("plan_detail", slug=plan.slug))
    assert response.status_code == 200
    html = response.content.decode()
    data = json.loads(re.search(r'id="axis-chart-data"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert data["progress"] == [10.5, 25.5]  # mean of 1..20 and of 21..30
    assert data["planned"] == [20000.0, 10000.0]
    assert data["spent"] == [2100.0, 2550.0]
    assert data["direction"] == "ltr"
    table = html[html.index('id="axis-table"') :]
    assert "10.5 %" in table and "25.5 %" in table
    assert "15.5 %" in table  # whole plan: mean of 1..30
    assert "<script>" not in html  # no inline scripts (CSP)
    assert 'src="/static/js/actionplan-charts.js"' in html


def test_plan_detail_is_right_to_left_in_arabic(plan, client_for, coordinator) -> None:
    response = client_for(coordinator).get(_url("plan_detail", "ar", slug=plan.slug))
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert '"direction": "rtl"' in html


def test_filters_narrow_the_project_list(plan, client_for, coordinator) -> None:
    client = client_for(coordinator)
    html = client.get(_url("plan_detail", slug=plan.slug) + "?axis=2").content.decode()
    assert "Project 20<" not in html
    numbers = re.findall(r'<td class="number-cell">(\d+)</td>\s*<td class="project-title"', html)
    assert numbers == [str(n) for n in range(21, 31)]
    html = client.get(_url("plan_detail", slug=plan.slug) + "?partner=nobody").content.decode()
    assert "No project matches these filters." in html


def test_timeline_has_a_bar_per_project_placed_by_dates(plan, client_for, coordinator) -> None:
    html = client_for(coordinator).get(_url("plan_timeline", "ar", slug=plan.slug)).content.decode()
    bars = re.findall(r'class="tl-bar status-\w+ (tl-s-\d+ tl-e-\d+)( tl-bar-undated)?"', html)
    assert len(bars) == 30
    assert bars[0] == ("tl-s-5 tl-e-21", "")
    assert bars[1] == ("tl-s-1 tl-e-49", " tl-bar-undated")
    assert 'data-direction="rtl"' in html
    assert html.count('class="tl-heading') == 12
    assert 'style="' not in html


def test_late_milestones_page_lists_them(plan, client_for, coordinator) -> None:
    html = (
        client_for(coordinator).get(_url("plan_late_milestones", slug=plan.slug)).content.decode()
    )
    assert html.count("<tr>") - 1 == 30


def test_project_detail_shows_validated_figures_and_hides_other_units_drafts(
    plan, client_for, coordinator, focal_b
) -> None:
    project = plan.projects.get(number=1)
    UpdateFactory(project=project, status=ReviewStatus.DRAFT, narrative_en="Secret draft")
    UpdateFactory(project=project, status=ReviewStatus.VALIDATED, narrative_en="Validated one")
    html = client_for(focal_b).get(project.get_absolute_url()).content.decode()
    assert html.count('class="status-badge review-') == 1
    assert "New progress update" not in html
    html = client_for(coordinator).get(project.get_absolute_url()).content.decode()
    assert html.count('class="status-badge review-') == 2
    assert "New progress update" in html
    assert "Edit the planning" in html


def test_coordinator_edits_the_planning(plan, client_for, coordinator) -> None:
    project = plan.projects.get(number=2)
    url = _url("project_plan_edit", uuid=project.uuid)
    response = client_for(coordinator).post(
        url,
        {
            "planned_start": "2026-04-01",
            "planned_end": "2026-03-01",
            "currency": "MAD",
            "version": project.version,
        },
    )
    assert response.status_code == 200
    assert Project.objects.get(pk=project.pk).planned_start is None
    response = client_for(coordinator).post(
        url,
        {
            "planned_start": "2026-04-01",
            "planned_end": "2026-09-30",
            "budget_planned": "5000",
            "currency": "MAD",
            "version": project.version,
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.planned_start, project.budget_planned, project.version) == (
        datetime.date(2026, 4, 1),
        Decimal("5000.00"),
        2,
    )
    stale = client_for(coordinator).post(
        url, {"planned_start": "", "planned_end": "", "currency": "EUR", "version": 1}
    )
    assert stale.status_code == 409
    assert Project.objects.get(pk=project.pk).currency == "MAD"


def test_unit_head_marks_a_milestone_done(plan, client_for) -> None:
    from .factories import unit_people

    head = unit_people()["head_a"]
    milestone = plan.projects.get(number=1).milestones.get()
    response = client_for(head).post(
        _url("milestone_complete", pk=milestone.pk), {"done_date": "2026-03-02"}
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_date == datetime.date(2026, 3, 2)


def test_association_may_not_see_plans(plan, client_for, association) -> None:
    assert client_for(association).get(_url("plan_detail", slug=plan.slug)).status_code == 403


@pytest.mark.parametrize("name", ["plan_detail", "plan_timeline", "plan_late_milestones"])
def test_plan_pages_have_a_query_budget(
    plan, client_for, coordinator, django_assert_max_num_queries, name
) -> None:
    client = client_for(coordinator)
    with django_assert_max_num_queries(30):
        assert client.get(_url(name, slug=plan.slug)).status_code == 200


def test_project_page_has_a_query_budget(
    plan, client_for, coordinator, django_assert_max_num_queries
) -> None:
    project = plan.projects.get(number=3)
    client = client_for(coordinator)
    with django_assert_max_num_queries(30):
        assert client.get(project.get_absolute_url()).status_code == 200


def test_history_pages_follow_the_records_visibility(plan, client_for, coordinator, focal_b):
    project = plan.projects.get(number=1)
    draft = UpdateFactory(project=project, status=ReviewStatus.DRAFT)
    history = lambda model, pk: reverse(  # noqa: E731
        "audit:history", kwargs={"model": model, "pk": pk}
    )
    assert client_for(coordinator).get(history("actionplan.project", project.pk)).status_code == 200
    assert client_for(focal_b).get(history("actionplan.project", project.pk)).status_code == 200
    assert (
        client_for(coordinator).get(history("actionplan.projectupdate", draft.pk)).status_code
        == 200
    )
    assert client_for(focal_b).get(history("actionplan.projectupdate", draft.pk)).status_code == 404
