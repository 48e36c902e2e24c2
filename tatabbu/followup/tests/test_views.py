"""The follow-up through its pages: workspace, draft with evidence, submit, validate or return,
publish, stale edits (409 with what changed), bulk assignment, refusals that change nothing."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from tatabbu.audit.models import Event
from tatabbu.core.workflow import ReviewStatus
from tatabbu.documents.models import Document
from tatabbu.documents.tests import samples
from tatabbu.followup.models import Assignment, ProgressUpdate
from tatabbu.recommendations.models import Recommendation

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    with translation.override("fr"):
        return reverse(f"followup:{name}", kwargs=kwargs or None)


def _snapshot():
    return (
        list(ProgressUpdate.objects.order_by("pk").values_list("pk", "status", "version", "text")),
        list(Assignment.objects.order_by("pk").values_list("pk", "lead_institution_id", "version")),
        Document.objects.count(),
    )


def test_workspace_lists_the_institutions_recommendations_only(scenario, client_for):
    s = scenario
    page = client_for(s.users["focal.a"]).get(url("workspace"))
    assert page.status_code == 200
    body = page.content.decode()
    assert str(s.rec_a.uuid) in body and str(s.rec_shared.uuid) in body
    assert str(s.rec_b.uuid) not in body and str(s.rec_unassigned.uuid) not in body


def test_focal_point_drafts_with_evidence_and_submits(scenario, client_for):
    s = scenario
    client = client_for(s.users["focal.a"])
    response = client.post(
        url("update_create", uuid=s.rec_a.uuid),
        {
            "text": "Le projet de loi a été adopté en conseil de gouvernement.",
            "assessed_status": "partially_implemented",
            "action": str(s.action_a.uuid),
            "evidence": [
                samples.upload("decret.pdf", samples.pdf_bytes()),
                samples.upload("tableau.xlsx", samples.xlsx_bytes()),
            ],
        },
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(text__startswith="Le projet de loi")
    assert update.action == s.action_a
    assert sorted(update.evidence.values_list("original_name", flat=True)) == [
        "decret.pdf",
        "tableau.xlsx",
    ]
    document = update.evidence.get(original_name="decret.pdf")
    with translation.override("fr"):
        download = reverse("documents:document_download", kwargs={"uuid": document.uuid})
    served = client.get(download)
    assert served.status_code == 200
    assert served["Content-Disposition"].startswith("attachment;")
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert served["Content-Type"] == "application/pdf"
    assert client_for(s.users["validator.a"]).get(download).status_code == 200
    assert client_for(s.users["focal.b"]).get(download).status_code == 404
    assert client_for(s.users["coordinator"]).get(download).status_code == 404  # still a draft
    response = client.post(
        url("update_transition", uuid=update.uuid, step="submit"), {"version": update.version}
    )
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.status == ReviewStatus.SUBMITTED
    assert client_for(s.users["coordinator"]).get(download).status_code == 200


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("rapport.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "upload"),
        ("photo.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "upload"),
        ("note.docx", b"MZ\x90\x00\x03" + b"\x00" * 200, "upload"),
        ("faux.pdf", b"%PDF-1.7\nthis is not a real PDF body\n", "upload"),
        ("tableau.xlsx", samples.zip_bomb_xlsx(), "upload"),
        ("image.png", samples.image_bytes("PNG") + b"<script>alert(1)</script>", "upload"),
    ],
)
def test_disguised_evidence_is_refused_and_nothing_is_stored(
    scenario, client_for, name, content, code
):
    s = scenario
    before = _snapshot()
    response = client_for(s.users["focal.a"]).post(
        url("update_create", uuid=s.rec_a.uuid),
        {
            "text": "Avec pièce",
            "assessed_status": "in_progress",
            "evidence": [samples.upload(name, content)],
        },
    )
    assert response.status_code == 400
    assert _snapshot() == before
    assert Event.objects.filter(action="document.refuse").count() == 1


def test_stale_edit_answers_409_and_shows_what_changed(scenario, client_for):
    s = scenario
    client = client_for(s.users["focal.a"])
    edit = url("update_edit", uuid=s.draft_a.uuid)
    first = client.post(
        edit, {"text": "Texte enregistré d'abord", "assessed_status": "in_progress", "version": 1}
    )
    assert first.status_code == 302
    stale = client.post(
        edit, {"text": "Texte concurrent", "assessed_status": "in_progress", "version": 1}
    )
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "Texte enregistré d&#x27;abord" in body and "Texte concurrent" in body
    assert 'name="version" value="2"' in body
    assert ProgressUpdate.objects.get(pk=s.draft_a.pk).text == "Texte enregistré d'abord"


def test_validator_returns_with_reason_then_validates_and_coordinator_publishes(
    scenario, client_for
):
    s = scenario
    update = s.submitted_a
    validator = client_for(s.users["validator.a"])
    no_reason = validator.post(
        url("update_transition", uuid=update.uuid, step="return"), {"version": 2, "reason": ""}
    )
    assert no_reason.status_code == 400
    assert ProgressUpdate.objects.get(pk=update.pk).status == ReviewStatus.SUBMITTED
    validator.post(
        url("update_transition", uuid=update.uuid, step="return"),
        {"version": 2, "reason": "Joindre la circulaire"},
    )
    update.refresh_from_db()
    assert (update.status, update.return_reason) == (ReviewStatus.RETURNED, "Joindre la circulaire")
    focal = client_for(s.users["focal.a"])
    focal.post(url("update_transition", uuid=update.uuid, step="submit"), {"version": 3})
    validator.post(url("update_transition", uuid=update.uuid, step="validate"), {"version": 4})
    update.refresh_from_db()
    assert update.status == ReviewStatus.VALIDATED
    coordinator = client_for(s.users["coordinator"])
    queue = coordinator.get(url("validation_queue"))
    assert str(update.uuid) in queue.content.decode()
    coordinator.post(url("update_transition", uuid=update.uuid, step="publish"), {"version": 5})
    update.refresh_from_db()
    assert update.status == ReviewStatus.PUBLISHED


def test_stale_transition_answers_409_and_changes_nothing(scenario, client_for):
    s = scenario
    response = client_for(s.users["validator.a"]).post(
        url("update_transition", uuid=s.submitted_a.uuid, step="validate"), {"version": 1}
    )
    assert response.status_code == 409
    assert ProgressUpdate.objects.get(pk=s.submitted_a.pk).status == ReviewStatus.SUBMITTED


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", 302),
        ("focal.b", 404),
        ("focal.a", 403),
        ("coordinator", 403),
        ("association", 403),
    ],
)
def test_refused_validation_changes_nothing(scenario, client_for, persona, expected):
    s = scenario
    user = None if persona == "anonymous" else s.users.get(persona) or None
    if persona == "association":
        from tatabbu.accounts.models import User

        user = User.objects.get(username="association")
    client = client_for(user)  # signing in is audited: count after it
    before = _snapshot()
    events = Event.objects.count()
    response = client.post(
        url("update_transition", uuid=s.submitted_a.uuid, step="validate"), {"version": 2}
    )
    assert response.status_code == expected
    assert _snapshot() == before
    assert Event.objects.count() == events


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("focal.a", 403), ("validator.a", 403), ("focal.b", 403), ("anonymous", 302)],
)
def test_refused_bulk_assignment_changes_nothing(scenario, client_for, persona, expected):
    s = scenario
    before = _snapshot()
    user = None if persona == "anonymous" else s.users[persona]
    response = client_for(user).post(
        url("assignment_bulk") + "?q=suivi",
        {"lead_institution": s.institution_a.slug, "expected_count": 4},
    )
    assert response.status_code == expected
    assert _snapshot() == before


def test_bulk_assignment_of_a_filtered_list_and_of_selected_rows(scenario, client_for):
    s = scenario
    client = client_for(s.users["coordinator"])
    page = client.get(url("assignment_bulk") + "?q=suivi")
    assert page.status_code == 200 and page.context["count"] == 4
    changed = client.post(
        url("assignment_bulk") + "?q=suivi",
        {"lead_institution": s.institution_b.slug, "deadline": "2027-03-31", "expected_count": 3},
    )
    assert changed.status_code == 409  # the count the coordinator confirmed is not the count
    response = client.post(
        url("assignment_bulk") + f"?q=suivi&selected={s.rec_unassigned.uuid}",
        {
            "lead_institution": s.institution_b.slug,
            "contributing_institutions": [s.institution_a.slug],
            "deadline": "2027-03-31",
            "expected_count": 1,
        },
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get(recommendation=s.rec_unassigned)
    assert assignment.lead_institution == s.institution_b
    assert assignment.deadline == datetime.date(2027, 3, 31)
    assert Assignment.objects.get(recommendation=s.rec_a).lead_institution == s.institution_a


def test_bulk_assignment_per_cluster(scenario, client_for):
    from tatabbu.recommendations.tests.factories import ClusterFactory

    s = scenario
    cluster = ClusterFactory()
    Recommendation.objects.filter(pk__in=[s.rec_b.pk, s.rec_unassigned.pk]).update(cluster=cluster)
    response = client_for(s.users["coordinator"]).post(
        url("assignment_bulk") + f"?cluster={cluster.uuid}",
        {"lead_institution": s.institution_a.slug, "expected_count": 2},
    )
    assert response.status_code == 302
    assert set(
        Assignment.objects.filter(lead_institution=s.institution_a).values_list(
            "recommendation_id", flat=True
        )
    ) == {s.rec_a.pk, s.rec_b.pk, s.rec_unassigned.pk}


def test_coordinator_overrides_status_with_reason(scenario, client_for):
    s = scenario
    client = client_for(s.users["coordinator"])
    client.post(
        url("status_override", uuid=s.rec_a.uuid),
        {"status": "implemented", "reason": "Loi publiée au Bulletin officiel"},
    )
    assert Recommendation.objects.get(pk=s.rec_a.pk).implementation_status == "implemented"
    refused = client_for(s.users["focal.a"]).post(
        url("status_override", uuid=s.rec_a.uuid), {"status": "not_started", "reason": "x"}
    )
    assert refused.status_code == 403
    assert Recommendation.objects.get(pk=s.rec_a.pk).implementation_status == "implemented"


def test_action_and_indicator_pages(scenario, client_for):
    s = scenario
    client = client_for(s.users["focal.a"])
    response = client.post(
        url("action_create", uuid=s.rec_a.uuid),
        {"description_ar": "دورات تكوينية للقضاة", "status": "in_progress", "budget": "150000"},
    )
    assert response.status_code == 302
    action = s.rec_a.followup_actions.get(description_ar="دورات تكوينية للقضاة")
    client.post(
        url("indicator_create", uuid=action.uuid),
        {
            "name_fr": "Juges formés",
            "kind": "process",
            "unit": "juges",
            "baseline": 0,
            "target": 300,
        },
    )
    indicator = action.indicators.get()
    client.post(
        url("indicator_value_record", uuid=indicator.uuid), {"date": "2026-09-30", "value": "120"}
    )
    assert [str(value.value) for value in indicator.values.all()] == ["120.00"]
    stale = client.post(
        url("action_edit", uuid=action.uuid),
        {"description_ar": "تغيير", "status": "completed", "version": 0},
    )
    assert stale.status_code == 409
    assert "data-conflict" in stale.content.decode()


def test_bulk_assignment_refuses_a_malformed_selection(scenario, client_for):
    response = client_for(scenario.users["coordinator"]).get(
        url("assignment_bulk") + "?q=suivi&selected=not-a-uuid"
    )
    assert response.status_code == 400


def test_recommendation_list_offers_selection_for_assignment(scenario, client_for):
    with translation.override("fr"):
        list_url = reverse("recommendations:recommendation_list") + "?q=suivi"
    page = client_for(scenario.users["coordinator"]).get(list_url).content.decode()
    assert f'name="selected" value="{scenario.rec_a.uuid}" form="assign-selected-form"' in page
    focal_page = client_for(scenario.users["focal.a"]).get(list_url).content.decode()
    assert "assign-selected-form" not in focal_page
    empty = client_for(scenario.users["coordinator"]).get(url("assignment_bulk") + "?selection=1")
    assert empty.status_code == 400  # nothing ticked: not "everything"
    picked = client_for(scenario.users["coordinator"]).get(
        url("assignment_bulk") + f"?selection=1&selected={scenario.rec_b.uuid}"
    )
    assert picked.context["count"] == 1


def test_unread_notifications_are_counted_in_the_menu_and_marked_read(scenario, client_for):
    client = client_for(scenario.users["validator.a"])  # told of focal.a's submission
    page = client.get(url("workspace")).content.decode()
    assert 'id="followup-unread"' in page
    client.post(url("notification_read"))
    assert 'id="followup-unread"' not in client.get(url("workspace")).content.decode()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("focal.a", 200), ("validator.a", 200), ("focal.b", 404), ("coordinator", 200)],
)
def test_history_pages_are_scoped(scenario, client_for, persona, expected):
    s = scenario
    with translation.override("fr"):
        pages = [
            reverse(
                "audit:history", kwargs={"model": "followup.progressupdate", "pk": s.submitted_a.pk}
            ),
            reverse("audit:history", kwargs={"model": "followup.action", "pk": s.action_a.pk}),
            reverse(
                "audit:history",
                kwargs={"model": "followup.assignment", "pk": s.rec_a.assignment.pk},
            ),
        ]
    client = client_for(s.users[persona])
    assert [client.get(page).status_code for page in pages] == [expected] * 3


def test_coordinator_filters_the_workspace_by_institution(scenario, client_for):
    s = scenario
    page = client_for(s.users["coordinator"]).get(
        url("workspace") + f"?institution={s.institution_a.slug}"
    )
    shown = {row.pk for row in page.context["page"].object_list}
    assert shown == {s.rec_a.pk, s.rec_shared.pk}
    assert 'id="ws-institution"' in page.content.decode()
    assert (
        'id="ws-institution"'
        not in client_for(s.users["focal.a"]).get(url("workspace")).content.decode()
    )


def test_an_action_serves_several_of_the_institutions_recommendations(scenario, client_for):
    s = scenario
    client = client_for(s.users["focal.a"])
    response = client.post(
        url("action_create", uuid=s.rec_a.uuid),
        {
            "description_fr": "Réforme du code pénal",
            "status": "planned",
            "recommendations": [str(s.rec_shared.uuid)],
        },
    )
    assert response.status_code == 302
    action = s.institution_a.followup_actions.get(description_fr="Réforme du code pénal")
    assert set(action.recommendations.all()) == {s.rec_a, s.rec_shared}
    refused = client.post(
        url("action_create", uuid=s.rec_a.uuid),
        {"description_fr": "Autre", "status": "planned", "recommendations": [str(s.rec_b.uuid)]},
    )
    assert refused.status_code == 200  # the form says B's recommendation is not a choice
    assert "recommendations" in refused.context["form"].errors
    assert not s.institution_a.followup_actions.filter(description_fr="Autre").exists()
