"""The engagement API: same scoping as the screens, computed calendar data."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tatabbu.engagement import services

from .factories import MINISTRY_A, MINISTRY_B, communication, institution, state_report

pytestmark = pytest.mark.django_db


def test_cycles_carry_their_milestones(personas: dict[str, Any], api_client_for: Any) -> None:
    response = api_client_for(personas["focal.b"]).get("/api/v1/engagement/cycles/ccpr-7/")
    assert response.status_code == 200
    data = response.json()
    assert (data["body"], data["treaty"], data["previous"]) == ("CCPR", "ICCPR", "ccpr-6")
    steps = {step["kind"]: (step["date"], step["estimated"]) for step in data["milestones"]}
    assert steps["report_due"] == ("2023-10-24", True)
    assert steps["loipr"] == ("2022-10-24", True)
    assert (
        api_client_for(personas["association"]).get("/api/v1/engagement/cycles/").status_code == 403
    )


def test_calendar_endpoint_filters_and_refuses_bad_input(
    personas: dict[str, Any], api_client_for: Any
) -> None:
    client = api_client_for(personas["coordinator"])
    response = client.get(
        "/api/v1/engagement/calendar/",
        {"start": "2020-01-01", "end": "2021-12-31", "kind": "report_due"},
    )
    assert [(e["body"], e["date"]) for e in response.json()] == [
        ("CESCR", "2020-10-08"),
        ("CRPD", "2021-08-28"),
    ]
    bad = client.get("/api/v1/engagement/calendar/", {"start": "2020-13-01"})
    assert bad.status_code == 400
    assert bad.json()["code"]


def test_communications_are_scoped_to_the_institution(
    personas: dict[str, Any], api_client_for: Any
) -> None:
    mine = communication(reference="10/2026")
    theirs = communication(reference="20/2026", ministry=MINISTRY_B)
    listed = api_client_for(personas["focal.b"]).get("/api/v1/engagement/communications/").json()
    assert [item["reference"] for item in listed["results"]] == ["20/2026"]
    assert listed["results"][0]["institutions"] == [MINISTRY_B]
    detail = f"/api/v1/engagement/communications/{mine.uuid}/"
    assert api_client_for(personas["focal.b"]).get(detail).status_code == 404
    assert api_client_for(personas["management"]).get(detail).status_code == 403
    coordinator = api_client_for(personas["coordinator"]).get("/api/v1/engagement/communications/")
    assert {item["uuid"] for item in coordinator.json()["results"]} == {
        str(mine.uuid),
        str(theirs.uuid),
    }


def test_reports_hide_the_consolidated_text_from_institutions(
    personas: dict[str, Any], api_client_for: Any
) -> None:
    report = state_report()
    section = report.sections.get()
    services.contribution_request_create(
        actor=personas["coordinator"],
        section=section,
        institutions=[institution(MINISTRY_A)],
        deadline=datetime.date(2026, 12, 15),
    )
    services.section_save_text(
        actor=personas["coordinator"], section=section, version=1, text="Projet"
    )
    url = f"/api/v1/engagement/reports/{report.uuid}/"
    as_focal = api_client_for(personas["focal.a"]).get(url).json()
    assert as_focal["symbol"] == "CCPR/C/MAR/7"
    assert "text" not in as_focal["sections"][0]
    assert as_focal["sections"][0]["co_paragraphs"] == "23, 24"
    as_coordinator = api_client_for(personas["coordinator"]).get(url).json()
    assert as_coordinator["sections"][0]["text"] == "Projet"
    assert api_client_for(personas["focal.b"]).get(url).status_code == 404
    contributions = api_client_for(personas["focal.a"]).get("/api/v1/engagement/contributions/")
    assert [c["institution"] for c in contributions.json()["results"]] == [MINISTRY_A]
    assert (
        api_client_for(personas["focal.b"])
        .get("/api/v1/engagement/contributions/")
        .json()["results"]
        == []
    )


def test_focal_point_answers_and_validator_validates_through_the_api(
    personas: dict[str, Any], api_client_for: Any
) -> None:
    section = state_report().sections.get()
    (item,) = services.contribution_request_create(
        actor=personas["coordinator"],
        section=section,
        institutions=[institution(MINISTRY_A)],
        deadline=datetime.date(2026, 12, 15),
    )
    base = f"/api/v1/engagement/contributions/{item.pk}"
    focal = api_client_for(personas["focal.a"])
    saved = focal.post(f"{base}/text/", {"text": "Mesures 2025", "version": 1}, format="json")
    assert saved.status_code == 200
    assert (saved.json()["text"], saved.json()["version"]) == ("Mesures 2025", 2)
    stale = focal.post(f"{base}/text/", {"text": "x", "version": 1}, format="json")
    assert stale.status_code == 409
    assert (
        api_client_for(personas["focal.b"])
        .post(f"{base}/text/", {"text": "y", "version": 2}, format="json")
        .status_code
        == 404
    )
    assert focal.post(f"{base}/transition/", {"step": "submit"}, format="json").status_code == 200
    assert focal.post(f"{base}/transition/", {"step": "validate"}, format="json").status_code == 403
    validator = api_client_for(personas["validator.a"])
    bad = validator.post(f"{base}/transition/", {"step": "publish"}, format="json")
    assert bad.status_code == 400
    done = validator.post(f"{base}/transition/", {"step": "validate"}, format="json")
    assert done.json()["status"] == "validated"
    item.refresh_from_db()
    assert (item.status, item.text) == ("validated", "Mesures 2025")


def test_institutions_answer_questionnaires_through_the_api(
    personas: dict[str, Any], api_client_for: Any
) -> None:
    from tatabbu.mechanisms.models import Mechanism

    questionnaire = services.questionnaire_create(
        actor=personas["coordinator"],
        mechanism=Mechanism.objects.get(code="SR-HEALTH"),
        institutions=[institution(MINISTRY_A), institution(MINISTRY_B)],
        title="Santé mentale",
        received_on=datetime.date(2026, 10, 1),
        due_date=datetime.date(2026, 11, 30),
    )
    answer_a = questionnaire.answers.get(institution__slug=MINISTRY_A)
    listed = api_client_for(personas["focal.b"]).get("/api/v1/engagement/questionnaire-answers/")
    assert [a["institution"] for a in listed.json()["results"]] == [MINISTRY_B]
    base = f"/api/v1/engagement/questionnaire-answers/{answer_a.pk}"
    assert (
        api_client_for(personas["focal.b"])
        .post(f"{base}/text/", {"text": "x", "version": 1}, format="json")
        .status_code
        == 404
    )
    focal = api_client_for(personas["focal.a"])
    saved = focal.post(f"{base}/text/", {"text": "Plan national 2030", "version": 1}, format="json")
    assert saved.json()["version"] == 2
    assert focal.post(f"{base}/transition/", {"step": "submit"}, format="json").status_code == 200
    returned = api_client_for(personas["validator.a"]).post(
        f"{base}/transition/", {"step": "return", "reason": "Chiffres 2025 ?"}, format="json"
    )
    assert (returned.json()["status"], returned.json()["return_reason"]) == (
        "returned",
        "Chiffres 2025 ?",
    )
