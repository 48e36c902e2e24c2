"""Dashboard numbers equal direct counts, are scoped like the lists, come as CSV with the same
figures, and cost a bounded number of queries."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation

from tatabbu.followup import dashboard, services
from tatabbu.followup.models import Assignment
from tatabbu.mechanisms.models import Mechanism
from tatabbu.recommendations.models import Recommendation
from tatabbu.taxonomy.models import SdgGoal, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(scenario):
    s = scenario
    themes = list(Theme.objects.order_by("slug")[:2])
    s.rec_a.themes.set(themes)
    s.rec_b.themes.set(themes[:1])
    s.rec_a.sdg_goals.set(SdgGoal.objects.filter(number__in=[5, 16]))
    Recommendation.objects.filter(pk=s.rec_b.pk).update(
        mechanism=Mechanism.objects.get(code="CAT"), cycle=None
    )
    Recommendation.objects.filter(pk=s.rec_a.pk).update(cycle=3)
    services.status_override(
        actor=s.users["coordinator"], recommendation=s.rec_a, status="implemented", reason="Loi"
    )
    Assignment.objects.filter(recommendation=s.rec_b).update(deadline=datetime.date(2026, 1, 31))
    return s


def direct(user, **lookup):
    return dashboard.assigned_base(user).filter(**lookup).distinct().count()


@pytest.mark.parametrize("by", list(dashboard.DIMENSIONS))
@pytest.mark.parametrize("persona", ["coordinator", "focal.a", "focal.b", "management"])
def test_breakdown_equals_direct_counts(world, by, persona):
    user = world.users[persona]
    spec = dashboard.DIMENSIONS[by]
    rows = dashboard.status_breakdown(user=user, dimension=by)
    for row in rows:
        key = None if row.key == "" else row.key
        for status, count in row.counts.items():
            assert count == direct(user, **{spec.key: key, "implementation_status": status}), (
                by,
                row.key,
                status,
            )
    if by in {"kind", "body", "institution", "cycle"}:  # single-valued: rows add up to the total
        assert sum(row.total for row in rows) == dashboard.assigned_base(user).count()


def test_scoped_figures_for_focal_points(world):
    s = world
    totals_a = dashboard.totals(user=s.users["focal.a"], today=datetime.date(2026, 6, 1))
    assert totals_a["assigned"] == 2 and totals_a["implemented"] == 1
    totals_all = dashboard.totals(user=s.users["coordinator"], today=datetime.date(2026, 6, 1))
    assert totals_all == {
        "assigned": 3,
        "not_started": 2,
        "in_progress": 0,
        "partially_implemented": 0,
        "implemented": 1,
        "overdue": 1,
    }
    overdue = dashboard.overdue_by_institution(
        user=s.users["focal.a"], today=datetime.date(2026, 6, 1)
    )
    assert overdue == []  # the overdue one is ministry B's


def test_csv_export_has_the_table_numbers(world, client_for):
    s = world
    with translation.override("en"):
        url = reverse("followup:dashboard_export", kwargs={"table": "status"}) + "?by=institution"
        page_url = reverse("followup:dashboard") + "?by=institution"
    response = client_for(s.users["coordinator"]).get(url)
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == [
        "Lead institution",
        "Key",
        "Not started",
        "In progress",
        "Partially implemented",
        "Implemented",
        "Total",
    ]
    by_key = {line[1]: [int(value) for value in line[2:]] for line in lines[1:]}
    assert by_key == {
        s.institution_a.slug: [0, 0, 0, 1, 1],
        s.institution_b.slug: [2, 0, 0, 0, 2],
    }
    page = client_for(s.users["coordinator"]).get(page_url)
    table = {row.key: [*row.cells, row.total] for row in page.context["rows"]}
    assert table == by_key


def test_progress_over_time_counts_validated_updates(world):
    s = world
    services.progress_update_validate(actor=s.users["validator.a"], update=s.submitted_a, version=2)
    months = dashboard.progress_over_time(user=s.users["coordinator"])
    assert sum(month.validated for month in months) == 1
    assert months[-1].cumulative_validated == 1
    assert dashboard.progress_over_time(user=s.users["focal.b"]) == []


@pytest.mark.parametrize("by", list(dashboard.DIMENSIONS))
def test_dashboard_page_query_budget(world, client_for, django_assert_max_num_queries, by):
    client = client_for(world.users["coordinator"])
    with translation.override("ar"):
        url = reverse("followup:dashboard") + f"?by={by}"
    client.get(url)  # warm caches (sessions, content types)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


def test_workspace_query_budget_does_not_grow_with_rows(
    world, client_for, django_assert_max_num_queries
):
    from tatabbu.recommendations.tests.factories import RecommendationFactory

    s = world
    client = client_for(s.users["coordinator"])
    with translation.override("fr"):
        url = reverse("followup:workspace")
    client.get(url)
    with django_assert_max_num_queries(16) as small:
        client.get(url)
    extra = RecommendationFactory.create_batch(20)
    services.assignments_set_many(
        actor=s.users["coordinator"],
        recommendation_ids=[rec.pk for rec in extra],
        lead_institution=s.institution_a,
        contributing_institutions=[s.institution_b],
        quiet=True,
    )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
