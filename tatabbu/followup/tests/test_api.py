"""The follow-up API: scoped like the pages, writes through the services, one error shape; an
authorization matrix per write endpoint asserting that nothing changed after a refusal."""

from __future__ import annotations

import pytest

from tatabbu.core.workflow import ReviewStatus
from tatabbu.followup.models import Action, Assignment, Indicator, ProgressUpdate

pytestmark = pytest.mark.django_db
PERSONAS = ["anonymous", "focal.b", "focal.a", "validator.a", "coordinator"]


def _state():
    return (
        list(ProgressUpdate.objects.order_by("pk").values_list("pk", "status", "version", "text")),
        list(Assignment.objects.order_by("pk").values_list("pk", "lead_institution_id", "version")),
        list(Action.objects.order_by("pk").values_list("pk", "status", "version")),
        Indicator.objects.count(),
    )


def _client(api_client_for, scenario, persona):
    return api_client_for(None if persona == "anonymous" else scenario.users[persona])


def _writes(s):
    """(name, method, url, body, who may) for every write endpoint, on ministry A's objects."""
    return [
        (
            "assign",
            "post",
            "/api/v1/assignments/",
            {
                "recommendation": str(s.rec_unassigned.uuid),
                "lead_institution": s.institution_a.slug,
            },
            {"coordinator": 201},
        ),
        (
            "action",
            "post",
            "/api/v1/actions/",
            {"recommendations": [str(s.rec_a.uuid)], "description_fr": "Circulaire"},
            {"focal.a": 201, "coordinator": 201},
        ),
        (
            "action-edit",
            "patch",
            f"/api/v1/actions/{s.action_a.uuid}/",
            {"version": 1, "status": "completed"},
            {"focal.a": 200, "coordinator": 200},
        ),
        (
            "indicator",
            "post",
            "/api/v1/indicators/",
            {"action": str(s.action_a.uuid), "name_fr": "Juges formés", "kind": "process"},
            {"focal.a": 201, "coordinator": 201},
        ),
        (
            "update",
            "post",
            "/api/v1/progress-updates/",
            {"recommendation": str(s.rec_a.uuid), "text": "Avancement"},
            {"focal.a": 201},
        ),
        (
            "update-edit",
            "patch",
            f"/api/v1/progress-updates/{s.draft_a.uuid}/",
            {"version": 1, "text": "Modifié"},
            {"focal.a": 200},
        ),
        (
            "submit",
            "post",
            f"/api/v1/progress-updates/{s.draft_a.uuid}/submit/",
            {"version": 1},
            {"focal.a": 200},
        ),
        (
            "validate",
            "post",
            f"/api/v1/progress-updates/{s.submitted_a.uuid}/validate/",
            {"version": 2},
            {"validator.a": 200},
        ),
        (
            "return",
            "post",
            f"/api/v1/progress-updates/{s.submitted_a.uuid}/return/",
            {"version": 2, "reason": "Incomplet"},
            {"validator.a": 200},
        ),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "write",
    [
        "assign",
        "action",
        "action-edit",
        "indicator",
        "update",
        "update-edit",
        "submit",
        "validate",
        "return",
    ],
)
def test_write_authorization_matrix(scenario, api_client_for, persona, write):
    s = scenario
    _name, method, url, body, allowed = next(entry for entry in _writes(s) if entry[0] == write)
    client = _client(api_client_for, s, persona)
    before = _state()
    response = getattr(client, method)(url, body, format="json")
    if persona in allowed:
        assert response.status_code == allowed[persona], response.json()
        assert _state() != before
        return
    assert response.status_code in {401, 403, 404}, (persona, response.status_code)
    if persona == "anonymous":
        assert response.status_code == 401
    if persona == "focal.b" and "/progress-updates/" in url and "uuid" not in body:
        assert response.status_code == 404  # another institution's update does not exist
    assert set(response.json()) >= {"code", "message", "fields"}
    assert _state() == before


def test_lists_are_scoped(scenario, api_client_for):
    s = scenario
    mine = api_client_for(s.users["focal.a"]).get("/api/v1/progress-updates/").json()
    assert {row["uuid"] for row in mine["results"]} == {
        str(s.draft_a.uuid),
        str(s.submitted_a.uuid),
    }
    didh = api_client_for(s.users["coordinator"]).get("/api/v1/progress-updates/").json()
    assert {row["status"] for row in didh["results"]} == {ReviewStatus.SUBMITTED}
    assignments = api_client_for(s.users["focal.b"]).get("/api/v1/assignments/").json()
    assert {row["recommendation"] for row in assignments["results"]} == {
        str(s.rec_b.uuid),
        str(s.rec_shared.uuid),
    }
    actions = api_client_for(s.users["validator.a"]).get("/api/v1/actions/").json()
    assert [row["uuid"] for row in actions["results"]] == [str(s.action_a.uuid)]


def test_workflow_through_the_api_and_stale_versions(scenario, api_client_for):
    s = scenario
    focal = api_client_for(s.users["focal.a"])
    created = focal.post(
        "/api/v1/progress-updates/",
        {
            "recommendation": str(s.rec_a.uuid),
            "text": "Décret publié",
            "assessed_status": "implemented",
            "action": str(s.action_a.uuid),
        },
        format="json",
    )
    assert created.status_code == 201
    uuid = created.json()["uuid"]
    stale = focal.patch(
        f"/api/v1/progress-updates/{uuid}/", {"version": 7, "text": "x"}, format="json"
    )
    assert stale.status_code == 409
    assert stale.json()["code"] == "conflict" and stale.json()["current_version"] == 1
    assert stale.json()["changes"] == {"text": {"current": "Décret publié", "sent": "x"}}
    assert (
        focal.post(
            f"/api/v1/progress-updates/{uuid}/submit/", {"version": 1}, format="json"
        ).status_code
        == 200
    )
    again = focal.post(f"/api/v1/progress-updates/{uuid}/submit/", {"version": 2}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"
    validator = api_client_for(s.users["validator.a"])
    validated = validator.post(
        f"/api/v1/progress-updates/{uuid}/validate/", {"version": 2}, format="json"
    )
    assert validated.json()["status"] == "validated"
    published = api_client_for(s.users["coordinator"]).post(
        f"/api/v1/progress-updates/{uuid}/publish/", {"version": 3}, format="json"
    )
    assert published.status_code == 200 and published.json()["status"] == "published"
    s.rec_a.refresh_from_db()
    assert s.rec_a.implementation_status == "implemented"


def test_bad_input_gets_a_clear_error(scenario, api_client_for):
    s = scenario
    response = api_client_for(s.users["focal.a"]).post(
        "/api/v1/progress-updates/", {"recommendation": "not-a-uuid"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert set(response.json()["fields"]) == {"recommendation", "text"}
    empty_reason = api_client_for(s.users["validator.a"]).post(
        f"/api/v1/progress-updates/{s.submitted_a.uuid}/return/", {"version": 2}, format="json"
    )
    assert empty_reason.status_code == 400 and empty_reason.json()["code"] == "reason_required"


def test_api_list_query_budget(scenario, api_client_for, django_assert_max_num_queries):
    from tatabbu.followup import services

    s = scenario
    client = api_client_for(s.users["coordinator"])
    client.get("/api/v1/progress-updates/")
    with django_assert_max_num_queries(12) as few:
        client.get("/api/v1/progress-updates/")
    for _ in range(10):
        update = services.progress_update_create(
            actor=s.users["focal.b"], recommendation=s.rec_b, values={"text": "Encore"}
        )
        services.progress_update_submit(actor=s.users["focal.b"], update=update, version=1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/api/v1/progress-updates/")
    assert response.json()["count"] == 12


def test_evidence_upload_through_the_api(scenario, api_client_for):
    from tatabbu.audit.models import Event
    from tatabbu.documents.models import Document
    from tatabbu.documents.tests import samples

    s = scenario
    url = f"/api/v1/progress-updates/{s.draft_a.uuid}/evidence/"
    focal = api_client_for(s.users["focal.a"])
    accepted = focal.post(
        url, {"files": [samples.upload("circulaire.pdf", samples.pdf_bytes())]}, format="multipart"
    )
    assert accepted.status_code == 201
    assert [item["name"] for item in accepted.json()["evidence"]] == ["circulaire.pdf"]
    documents = Document.objects.count()
    disguised = focal.post(
        url,
        {"files": [samples.upload("rapport.pdf", b"<html><script>alert(1)</script></html>")]},
        format="multipart",
    )
    assert disguised.status_code == 400
    assert disguised.json()["code"] == "type_not_allowed"
    assert Document.objects.count() == documents
    assert Event.objects.filter(action="document.refuse").count() == 1
    other = api_client_for(s.users["focal.b"]).post(
        url, {"files": [samples.upload("x.pdf", samples.pdf_bytes())]}, format="multipart"
    )
    assert other.status_code == 404
    submitted = focal.post(
        f"/api/v1/progress-updates/{s.submitted_a.uuid}/evidence/",
        {"files": [samples.upload("x.pdf", samples.pdf_bytes())]},
        format="multipart",
    )
    assert submitted.status_code == 403  # submitted updates are no longer edited
    assert Document.objects.count() == documents


def test_mass_assignment_is_ignored(scenario, api_client_for):
    """Fields a focal point may not set (state, institution, stamps) are not taken from input."""
    s = scenario
    focal = api_client_for(s.users["focal.a"])
    response = focal.patch(
        f"/api/v1/progress-updates/{s.draft_a.uuid}/",
        {
            "version": 1,
            "text": "Texte",
            "status": "published",
            "institution": s.institution_b.slug,
            "validated_by": s.users["validator.a"].pk,
            "published_at": "2026-01-01T00:00:00Z",
            "recommendation": str(s.rec_b.uuid),
        },
        format="json",
    )
    assert response.status_code == 200
    row = ProgressUpdate.objects.get(pk=s.draft_a.pk)
    assert (row.status, row.institution_id, row.validated_by_id, row.published_at) == (
        ReviewStatus.DRAFT,
        s.institution_a.pk,
        None,
        None,
    )
    assert row.recommendation_id == s.rec_a.pk
    created = focal.post(
        "/api/v1/actions/",
        {
            "recommendations": [str(s.rec_a.uuid)],
            "description_fr": "Mesure",
            "institution": s.institution_b.slug,  # only coordinators choose the institution
        },
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["institution"] == s.institution_a.slug
    foreign = focal.post(
        "/api/v1/actions/",
        {"recommendations": [str(s.rec_b.uuid)], "description_fr": "Mesure"},
        format="json",
    )
    assert foreign.status_code == 404  # ministry B's recommendation does not exist for A
