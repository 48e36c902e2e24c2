"""Loading the DIDH 2026 plan and the PANDDH 2018–2021: counts, mapping, idempotence, audit."""

from __future__ import annotations

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q

from tatabbu.audit.models import Event

from ..models import ActionPlan, Activity, Indicator, Milestone, Partner, Project, StrategicAxis
from ..services import panddh_load, plan_2026_load
from ..sources import PANDDH_DIR_NAME, read_plan_2026

PANDDH_DIR = settings.TATABBU_DATA_DIR / PANDDH_DIR_NAME
needs_panddh = pytest.mark.skipif(
    not PANDDH_DIR.is_dir(), reason=f"PANDDH data set not found at {PANDDH_DIR}"
)


@pytest.fixture
def plan_2026(db):  # type: ignore[no-untyped-def]
    plan_2026_load(actor=None)
    return ActionPlan.objects.get(slug="didh-2026")


@pytest.fixture(scope="module")
def panddh(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """PANDDH loaded once for the module, rolled back at its end."""
    if not PANDDH_DIR.is_dir():
        pytest.skip(f"PANDDH data set not found at {PANDDH_DIR}")
    with django_db_blocker.unblock(), transaction.atomic():
        outcome = panddh_load(actor=None, data_dir=settings.TATABBU_DATA_DIR)
        yield {"plan": ActionPlan.objects.get(slug="panddh-2018-2021"), "outcome": outcome}
        transaction.set_rollback(True)


# --- 2026 -------------------------------------------------------------------------------------


def test_2026_plan_has_four_axes_and_the_27_numbered_projects(plan_2026) -> None:
    assert plan_2026.axes.count() == 4
    assert list(plan_2026.projects.order_by("number").values_list("number", flat=True)) == list(
        range(1, 28)
    )
    assert plan_2026.start_date == datetime.date(2026, 1, 1)
    assert plan_2026.end_date == datetime.date(2026, 12, 31)
    assert plan_2026.owner.slug == "didh"


def test_projects_5_and_6_share_one_row_of_the_source_table(plan_2026) -> None:
    shared = plan_2026.projects.filter(source_reference="6/5").order_by("number")
    assert [project.number for project in shared] == [5, 6]
    assert all(project.description_ar.startswith("المشاركة في لقاءات موازية") for project in shared)
    assert "الدورة 61" in shared[0].title_ar
    assert "الدورة 62" in shared[1].title_ar
    others = plan_2026.projects.exclude(number__in=[5, 6])
    assert all(project.source_reference == str(project.number) for project in others)


def test_arabic_texts_are_copied_exactly_from_the_seed(plan_2026) -> None:
    seed = (settings.TATABBU_SEED_DIR / "action-plan-2026.ar.txt").read_text(encoding="utf-8")
    for project in plan_2026.projects.all():
        assert project.title_ar in seed, project.number
        assert project.title_fr and project.title_en, project.number
    for axis in plan_2026.axes.all():
        assert axis.title_ar in seed
    for activity in plan_2026.activities.all():
        assert activity.title_ar in seed


def test_each_project_sits_under_its_axis_as_documented(plan_2026) -> None:
    by_axis = {
        axis.code: sorted(axis.projects.values_list("number", flat=True))
        for axis in plan_2026.axes.all()
    }
    assert by_axis == {
        "1": [7, 8, 10, 11, 12, 21, 22, 23, 24, 25],
        "2": [1, 3, 5, 6, 9, 13, 14, 15, 16, 17],
        "3": [2, 4, 26],
        "4": [18, 19, 20, 27],
    }
    doc = (settings.BASE_DIR / "docs" / "action-plan-2026.md").read_text(encoding="utf-8")
    for number in range(1, 28):
        assert f"| {number} |" in doc


def test_partners_of_the_text_are_linked(plan_2026) -> None:
    partners = lambda number: set(  # noqa: E731
        plan_2026.projects.get(number=number).partners.values_list("slug", flat=True)
    )
    assert partners(1) == {"cspj", "pmp", "cndh", "cti"}
    assert partners(2) == {"ohchr", "upr-info"}
    assert partners(4) == {"universal-rights-group", "china", "united-arab-emirates"}
    assert partners(6) == {"inpplc"}
    assert [partners(n) for n in (13, 14, 15, 16)] == [
        {"undp"},
        {"unfpa"},
        {"un-women"},
        {"dcaf"},
    ]
    cndh = Partner.objects.get(slug="cndh")
    assert cndh.institution.slug == "cndh"
    assert cndh.name_ar == "المجلس الوطني لحقوق الإنسان"
    assert Partner.objects.get(slug="portugal").country.code == "PRT"


def test_every_2026_project_has_a_didh_unit_responsible(plan_2026) -> None:
    units = Counter(plan_2026.projects.values_list("responsible_unit__parent__slug", flat=True))
    assert units == {"didh": 27}


def test_dated_projects_and_milestones_come_from_the_text(plan_2026) -> None:
    project = plan_2026.projects.get(number=5)
    assert (project.planned_start, project.planned_end) == (
        datetime.date(2026, 2, 23),
        datetime.date(2026, 3, 31),
    )
    assert Milestone.objects.filter(project__plan=plan_2026).count() == 5
    assert plan_2026.activities.count() == 12
    assert sorted(plan_2026.projects.get(number=19).activities.values_list("code", flat=True)) == [
        f"19.{n}" for n in range(1, 8)
    ]


def test_loading_the_2026_plan_twice_changes_nothing(plan_2026) -> None:
    events = Event.objects.count()
    projects = list(Project.objects.values("pk", "updated_at", "version"))
    outcome = plan_2026_load(actor=None)
    assert Event.objects.count() == events
    assert list(Project.objects.values("pk", "updated_at", "version")) == projects
    assert set(outcome) == {
        "plan_unchanged",
        "axis_unchanged",
        "partner_unchanged",
        "project_unchanged",
        "milestone_unchanged",
        "activity_unchanged",
    }


def test_first_load_writes_one_audit_event_per_row(db) -> None:
    before = Event.objects.count()
    outcome = plan_2026_load(actor=None)
    created = sum(count for key, count in outcome.items() if key.endswith("_created"))
    assert created == 1 + 4 + 20 + 27 + 5 + 12
    assert Event.objects.count() - before == created
    assert Event.objects.filter(action="plan_project.create").count() == 27


def test_a_changed_source_text_is_an_audited_update(plan_2026) -> None:
    data = read_plan_2026()
    data["projects"][0]["title_en"] = "Co-organise a regional seminar (changed)"
    from ..services import plan_load

    outcome = plan_load(actor=None, data=data)
    assert outcome["project_updated"] == 1
    event = Event.objects.filter(action="plan_project.update").get()
    assert event.after == {"title_en": "Co-organise a regional seminar (changed)"}


def test_load_demo_loads_both_plans(db) -> None:
    if not PANDDH_DIR.is_dir():
        pytest.skip("PANDDH data set not available")
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "project_created=27" in out.getvalue()
    assert "project_created=435" in out.getvalue()
    out = StringIO()
    call_command("load_demo", stdout=out)
    plan_lines = [
        line for line in out.getvalue().splitlines() if line.startswith(("action plan", "PANDDH"))
    ]
    assert len(plan_lines) == 2
    assert not any("created" in line or "updated" in line for line in plan_lines)


# --- PANDDH ------------------------------------------------------------------------------------


@needs_panddh
@pytest.mark.django_db
def test_panddh_counts_match_the_data_set_readme(panddh) -> None:
    plan = panddh["plan"]
    assert plan.projects.count() == 435
    assert plan.axes.filter(parent__isnull=True).count() == 4
    assert plan.axes.filter(parent__isnull=False).count() == 26
    assert plan.activities.count() == 1269
    assert plan.indicators.count() == 296
    assert Activity.projects.through.objects.filter(activity__plan=plan).count() == 1734
    assert Indicator.projects.through.objects.filter(indicator__plan=plan).count() == 459
    assert list(plan.projects.order_by("number").values_list("number", flat=True)) == list(
        range(1, 436)
    )
    per_axis = Counter(plan.projects.values_list("axis__parent__code", flat=True))
    assert per_axis == {"1": 81, "2": 138, "3": 140, "4": 76}
    natures = Counter(plan.projects.values_list("nature", flat=True))
    assert natures == {
        "legislative_institutional": 340,
        "communication_awareness": 52,
        "capacity_building": 43,
    }


@needs_panddh
@pytest.mark.django_db
def test_panddh_bodies_map_to_institutions_or_stay_as_text(panddh) -> None:
    plan = panddh["plan"]
    measure = plan.projects.get(number=251)
    assert measure.responsible_unit.slug == "ministry-of-justice"
    assert measure.axis.title_ar == "حقوق الطفل"
    assert measure.axis.title_fr == "Droits de l’enfant"
    partners = set(measure.partners.values_list("slug", flat=True))
    assert {"cndh", "pmp"} <= partners
    assert plan.projects.filter(responsible_unit__isnull=True).count() == 41
    assert plan.projects.filter(responsible_label__contains="أخرى").count() == 31
    assert plan.projects.filter(responsible_unit__isnull=False).count() == 394
    # The README's most frequent responsible bodies, lead or co-responsible.
    for slug, count in (
        ("ministry-of-solidarity-social-integration-and-family", 62),
        ("ministry-of-justice", 49),
        ("ministry-of-interior", 35),
    ):
        leading = plan.projects.filter(
            Q(responsible_unit__slug=slug) | Q(other_responsible__slug=slug)
        ).distinct()
        assert leading.count() == count, slug
    assert plan.projects.get(number=1).responsible_unit.slug == "ministry-of-interior"
    university = Partner.objects.get(slug="panddh-entity-50")
    assert (university.kind, university.name_ar, university.institution) == (
        "academia",
        "الجامعة",
        None,
    )
    assert Partner.objects.get(slug="panddh-entity-107").kind == "local_authority"
    assert Partner.objects.get(slug="civil-society-organisations").institution is not None


@needs_panddh
@pytest.mark.django_db
def test_panddh_activities_carry_their_target_years(panddh) -> None:
    plan = panddh["plan"]
    dates = lambda code: (  # noqa: E731
        plan.activities.get(code=code).planned_start,
        plan.activities.get(code=code).planned_end,
    )
    assert dates("1") == (datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
    assert dates("21") == (datetime.date(2018, 1, 1), datetime.date(2021, 12, 31))
    measure = plan.projects.get(number=2)
    assert measure.planned_start == datetime.date(2020, 1, 1)


@needs_panddh
@pytest.mark.django_db
def test_loading_panddh_twice_changes_nothing(panddh) -> None:
    events = Event.objects.count()
    outcome = panddh_load(actor=None, data_dir=settings.TATABBU_DATA_DIR)
    assert Event.objects.count() == events
    assert not [key for key in outcome if not key.endswith("_unchanged")]
    assert outcome["project_unchanged"] == 435
    assert StrategicAxis.objects.filter(plan=panddh["plan"]).count() == 30
