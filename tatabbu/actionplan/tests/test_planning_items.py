"""Adding milestones, risks and document links to a project, and linking recommendations, from
the project's page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from tatabbu.audit.models import Event
from tatabbu.recommendations.tests.factories import RecommendationFactory, SourceDocumentFactory

from .factories import UNIT_A, AxisFactory, PlanFactory, ProjectFactory, institution, unit_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():  # type: ignore[no-untyped-def]
    plan = PlanFactory(slug="items-plan")
    axis = AxisFactory(plan=plan, code="1", position=1)
    return ProjectFactory(axis=axis, number=7, responsible_unit=institution(UNIT_A))


def _url(name: str, **kwargs: object) -> str:
    with translation.override("en"):
        return reverse(f"actionplan:{name}", kwargs=kwargs)


def test_coordinator_adds_a_milestone_in_arabic_only(project, client_for, coordinator) -> None:
    url = _url("project_item_add", uuid=project.uuid, kind="milestone")
    refused = client_for(coordinator).post(url, {"due_date": "2026-06-30"})
    assert refused.status_code == 200
    assert "at least one language" in refused.content.decode()
    assert project.milestones.count() == 0
    response = client_for(coordinator).post(
        url, {"due_date": "2026-06-30", "title_ar": "تقديم التقرير"}
    )
    assert response.status_code == 302
    milestone = project.milestones.get()
    assert (milestone.title_ar, milestone.due_date) == ("تقديم التقرير", datetime.date(2026, 6, 30))
    assert Event.objects.filter(action="plan_milestone.add", target_id=str(milestone.pk)).exists()


def test_unit_head_adds_a_risk_and_a_link_but_not_a_milestone(project, client_for) -> None:
    people = unit_people()
    head = client_for(people["head_a"])
    assert (
        head.get(_url("project_item_add", uuid=project.uuid, kind="milestone")).status_code == 403
    )
    response = head.post(
        _url("project_item_add", uuid=project.uuid, kind="risk"),
        {
            "title_fr": "Retard des contributions",
            "likelihood": "high",
            "impact": "medium",
            "mitigation_fr": "Relances hebdomadaires",
        },
    )
    assert response.status_code == 302
    risk = project.risks.get()
    assert (risk.likelihood, risk.mitigation_fr) == ("high", "Relances hebdomadaires")
    bad = head.post(
        _url("project_item_add", uuid=project.uuid, kind="link"),
        {"title": "Rapport", "url": "javascript:alert(1)"},
    )
    assert bad.status_code == 200
    assert project.links.count() == 0
    good = head.post(
        _url("project_item_add", uuid=project.uuid, kind="link"),
        {"title": "Rapport", "url": "https://www.ohchr.org/fr/countries/morocco", "language": "fr"},
    )
    assert good.status_code == 302
    assert project.links.get().url == "https://www.ohchr.org/fr/countries/morocco"


def test_other_unit_may_not_add_a_risk(project, client_for) -> None:
    other = client_for(unit_people()["head_b"])
    response = other.post(
        _url("project_item_add", uuid=project.uuid, kind="risk"),
        {"title_fr": "X", "likelihood": "low", "impact": "low"},
    )
    assert response.status_code == 403
    assert project.risks.count() == 0


def test_unknown_kind_is_404(project, client_for, coordinator) -> None:
    url = _url("project_item_add", uuid=project.uuid, kind="budget")
    assert client_for(coordinator).get(url).status_code == 404


def test_coordinator_links_recommendations_by_symbol_and_address(
    project, client_for, coordinator
) -> None:
    document = SourceDocumentFactory(symbol="A/HRC/21/3", legacy_symbol="")
    first = RecommendationFactory(document=document, paragraph="129.1")
    second = RecommendationFactory(document=document, paragraph="129.2")
    url = _url("project_recommendations_edit", uuid=project.uuid)
    unknown = client_for(coordinator).post(url, {"references": "A/HRC/21/3 §999.9"})
    assert unknown.status_code == 200
    assert "Line 1" in unknown.content.decode()
    assert project.recommendations.count() == 0
    page = f"http://testserver/fr/recommendations/{second.uuid}/"
    response = client_for(coordinator).post(
        url, {"references": f"A/HRC/21/3 §129.1\n\n{page}\na/hrc/21/3 para 129.1"}
    )
    assert response.status_code == 302
    assert set(project.recommendations.values_list("pk", flat=True)) == {first.pk, second.pk}
    shown = client_for(coordinator).get(url).content.decode()
    assert "A/HRC/21/3 §129.1" in shown
    cleared = client_for(coordinator).post(url, {"references": ""})
    assert cleared.status_code == 302
    assert project.recommendations.count() == 0
    assert Event.objects.filter(action="plan_project.recommendations").count() == 2
