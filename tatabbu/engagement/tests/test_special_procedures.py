"""Special procedures: letters and replies, visits and their reports' recommendations,
questionnaires answered by institutions and consolidated; events."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tatabbu.audit.models import Event as AuditEvent
from tatabbu.documents.tests.samples import pdf_bytes
from tatabbu.engagement import selectors, services
from tatabbu.engagement.models import CountryVisit, Questionnaire, SpecialProcedureCommunication
from tatabbu.mechanisms.models import Mechanism

from .factories import MINISTRY_A, MINISTRY_B, institution

pytestmark = pytest.mark.django_db
D = datetime.date


def _letter(coordinator: Any, ministry: str = MINISTRY_A) -> SpecialProcedureCommunication:
    return services.sp_communication_create(
        actor=coordinator,
        mandates=[
            Mechanism.objects.get(code="SR-TORTURE"),
            Mechanism.objects.get(code="WG-ARBITRARY-DETENTION"),
        ],
        institutions=[institution(ministry)],
        reference="JUA MAR 3/2026",
        kind="JUA",
        sent_on=D(2026, 9, 1),
        subject="Alleged ill-treatment in custody",
    )


def test_a_letter_is_due_in_60_days_and_hidden_from_other_institutions(
    coordinator: Any, personas: dict[str, Any], client_for: Any
) -> None:
    letter = _letter(coordinator)
    assert selectors.sp_reply_due(letter) == (D(2026, 10, 31), True)
    url = letter.get_absolute_url()
    assert client_for(personas["focal.a"]).get(url).status_code == 200
    assert client_for(personas["focal.b"]).get(url).status_code == 404
    assert client_for(personas["management"]).get(url).status_code == 404
    entries = selectors.calendar_entries(user=personas["focal.a"], kinds=["reply_due"])
    assert [(e.title, e.date) for e in entries] == [("JUA MAR 3/2026", D(2026, 10, 31))]
    assert selectors.calendar_entries(user=personas["focal.b"], kinds=["reply_due"]) == []


def test_the_reply_document_goes_through_the_documents_app(
    coordinator: Any, personas: dict[str, Any], client_for: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    letter = _letter(coordinator)
    url = reverse("engagement:sp_communication_reply", kwargs={"uuid": letter.uuid})
    client = client_for(coordinator)
    refused = client.post(url, {"file": SimpleUploadedFile("reply.pdf", b"<html>not a pdf")})
    assert refused.status_code == 400
    letter.refresh_from_db()
    assert letter.reply_document is None
    upload = SimpleUploadedFile("reply.pdf", pdf_bytes("Reponse du Royaume du Maroc"))
    assert client.post(url, {"file": upload}).status_code == 302
    letter.refresh_from_db()
    document = letter.reply_document
    download = reverse("documents:document_download", kwargs={"uuid": document.uuid})
    assert client_for(personas["focal.a"]).get(download).status_code == 200
    assert client_for(personas["focal.b"]).get(download).status_code == 404


def test_visit_report_recommendations_are_imported_through_the_pipeline(
    coordinator: Any, client_for: Any, personas: dict[str, Any], tmp_path: Any
) -> None:
    visit = services.visit_create(
        actor=coordinator,
        mandate=Mechanism.objects.get(code="SR-TORTURE"),
        status="reported",
        start_date=D(2012, 9, 15),
        end_date=D(2012, 9, 22),
        report_symbol="A/HRC/22/53/Add.2",
    )
    rows = (
        "paragraph,mechanism,state_under_review,text_en\n"
        '99.a,SR-TORTURE,MAR,"Ensure that all allegations of torture are investigated promptly."\n'
        '99.b,SR-TORTURE,MAR,"Guarantee access to a lawyer from the outset of custody."\n'
    )
    url = reverse("engagement:visit_import", kwargs={"uuid": visit.uuid})
    client = client_for(coordinator)
    response = client.post(
        url, {"format": "csv", "file": SimpleUploadedFile("visit.csv", rows.encode())}
    )
    assert response.status_code == 302
    found = selectors.visit_recommendations(user=coordinator, visit=visit)
    assert sorted(found.values_list("paragraph", flat=True)) == ["99.a", "99.b"]
    # Focal points see a recommendation once it is assigned to their institution.
    assert not selectors.visit_recommendations(user=personas["focal.b"], visit=visit).exists()
    assert AuditEvent.objects.filter(action="visit.import_report").count() == 1
    bad = rows + "99.c,NOT-A-MECHANISM,MAR,x\n"
    response = client.post(
        url, {"format": "csv", "file": SimpleUploadedFile("visit.csv", bad.encode())}
    )
    assert response.status_code == 400
    assert "row 4" in response.content.decode()
    assert found.count() == 2


def test_visit_dates_must_be_in_order(coordinator: Any) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.visit_create(
            actor=coordinator,
            mandate=Mechanism.objects.get(code="SR-TORTURE"),
            start_date=D(2026, 5, 10),
            end_date=D(2026, 5, 1),
        )
    assert not CountryVisit.objects.exists()


def test_questionnaire_answered_validated_and_consolidated(
    coordinator: Any, personas: dict[str, Any], client_for: Any
) -> None:
    questionnaire = services.questionnaire_create(
        actor=coordinator,
        mechanism=Mechanism.objects.get(code="SR-VIOLENCE-AGAINST-WOMEN"),
        institutions=[institution(MINISTRY_A), institution(MINISTRY_B)],
        title="Femicide data",
        received_on=D(2026, 9, 1),
        due_date=D(2026, 10, 15),
    )
    answer_a = questionnaire.answers.get(institution__slug=MINISTRY_A)
    focal_a, validator_a = personas["focal.a"], personas["validator.a"]
    # focal.b sees the questionnaire (ministry B was asked) but not ministry A's answer.
    page_b = client_for(personas["focal.b"]).get(questionnaire.get_absolute_url())
    assert page_b.status_code == 200
    assert [row["answer"].institution.slug for row in page_b.context["answers"]] == [MINISTRY_B]
    edit = reverse("engagement:questionnaire_answer_edit", kwargs={"pk": answer_a.pk})
    assert client_for(personas["focal.b"]).get(edit).status_code == 404
    client_a = client_for(focal_a)
    response = client_a.post(edit, {"text": "Loi 103-13 : 12 tribunaux spécialisés.", "version": 1})
    assert response.status_code == 302
    step = "engagement:questionnaire_answer_transition"
    assert (
        client_a.post(reverse(step, kwargs={"pk": answer_a.pk, "step": "submit"})).status_code
        == 302
    )
    # The author cannot validate; the validator of the institution can.
    assert (
        client_a.post(reverse(step, kwargs={"pk": answer_a.pk, "step": "validate"})).status_code
        == 403
    )
    client_v = client_for(validator_a)
    assert (
        client_v.post(reverse(step, kwargs={"pk": answer_a.pk, "step": "validate"})).status_code
        == 302
    )
    answer_a.refresh_from_db()
    assert answer_a.status == "validated"
    again = client_v.post(reverse(step, kwargs={"pk": answer_a.pk, "step": "validate"}))
    assert again.status_code == 409
    consolidate = reverse(
        "engagement:questionnaire_consolidate", kwargs={"uuid": questionnaire.uuid}
    )
    client_c = client_for(coordinator)
    initial = client_c.get(consolidate).context["form"].initial["consolidated_answer"]
    assert "Loi 103-13 : 12 tribunaux spécialisés." in initial
    response = client_c.post(
        consolidate,
        {
            "consolidated_answer": initial + "\nRéponse du Maroc.",
            "status": "sent",
            "sent_on": "2026-10-14",
            "version": 1,
        },
    )
    assert response.status_code == 302
    questionnaire = Questionnaire.objects.get(pk=questionnaire.pk)
    assert (questionnaire.status, questionnaire.sent_on) == ("sent", D(2026, 10, 14))
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "questionnaire_answer.submit",
        "questionnaire_answer.validate",
        "questionnaire.consolidate",
    } <= actions


def test_returning_needs_a_reason(coordinator: Any, personas: dict[str, Any]) -> None:
    from tatabbu.core.exceptions import ServiceError

    questionnaire = services.questionnaire_create(
        actor=coordinator,
        mechanism=Mechanism.objects.get(code="CRC"),
        institutions=[institution(MINISTRY_A)],
        title="Q",
        received_on=D(2026, 9, 1),
        due_date=D(2026, 10, 15),
    )
    answer = questionnaire.answers.get()
    services.questionnaire_answer_update(
        actor=personas["focal.a"], answer=answer, version=1, text="x"
    )
    services.questionnaire_answer_transition(
        actor=personas["focal.a"], answer=answer, step="submit"
    )
    with pytest.raises(ServiceError):
        services.questionnaire_answer_transition(
            actor=personas["validator.a"], answer=answer, step="return"
        )
    services.questionnaire_answer_transition(
        actor=personas["validator.a"], answer=answer, step="return", reason="Add 2025 figures."
    )
    answer.refresh_from_db()
    assert (answer.status, answer.return_reason) == ("returned", "Add 2025 figures.")


def test_events_with_participants_appear_in_the_calendar(
    coordinator: Any, personas: dict[str, Any], client_for: Any
) -> None:
    event = services.event_create(
        actor=coordinator,
        key="hrc-61-test",
        kind="hrc_session",
        hrc_session=61,
        title_fr="Conseil des droits de l'homme, 61e session",
        start_date=D(2026, 2, 23),
        end_date=D(2026, 3, 31),
    )
    services.participant_add(
        actor=coordinator,
        event=event,
        name="Délégué interministériel",
        institution=institution("didh"),
    )
    page = client_for(personas["focal.b"]).get(event.get_absolute_url())
    assert page.status_code == 200 and "Délégué interministériel" in page.content.decode()
    entries = selectors.calendar_entries(
        user=personas["focal.b"], start=D(2026, 2, 1), end=D(2026, 2, 28), kinds=["event"]
    )
    assert [e.title for e in entries] == [str(event)]
    bad = client_for(coordinator).post(
        reverse("engagement:event_create"),
        {"key": "x", "kind": "seminar", "start_date": "2026-05-02", "end_date": "2026-05-01"},
    )
    assert bad.status_code == 400


def test_demo_data_loads_once(tmp_path: Any) -> None:
    from tatabbu.engagement.demo import load_engagement_demo
    from tatabbu.engagement.models import Event

    first = load_engagement_demo(tmp_path)
    assert first == {"events": 11, "visits": 4, "examples": 4, "reports": 1}
    assert load_engagement_demo(tmp_path) == {
        "events": 0,
        "visits": 0,
        "examples": 0,
        "reports": 0,
    }
    hrc = Event.objects.get(key="hrc-61")
    assert (hrc.start_date, hrc.end_date, hrc.dates_confirmed) == (
        D(2026, 2, 23),
        D(2026, 3, 31),
        True,
    )
    assert Event.objects.get(key="hrc-61-nmirf-forum").parent == hrc


def test_plan_project_page_lists_cycles_and_events(
    coordinator: Any, personas: dict[str, Any], client_for: Any, tmp_path: Any
) -> None:
    from tatabbu.actionplan.models import Project
    from tatabbu.actionplan.services import plan_2026_load
    from tatabbu.engagement.demo import load_engagement_demo

    plan_2026_load(actor=None)
    load_engagement_demo(tmp_path)
    project = Project.objects.get(plan__slug="didh-2026", number=11)
    page = client_for(personas["focal.a"]).get(
        reverse("actionplan:project_detail", kwargs={"uuid": project.uuid})
    )
    assert "CCPR 7" in page.content.decode()
    forum = Project.objects.get(plan__slug="didh-2026", number=5)
    page = client_for(personas["focal.a"]).get(
        reverse("actionplan:project_detail", kwargs={"uuid": forum.uuid})
    )
    assert "منتدى دولي حول الآليات الوطنية للتنفيذ" in page.content.decode()  # /ar/ page


def test_an_event_is_linked_to_recommendations_by_their_keys(
    coordinator: Any, client_for: Any
) -> None:
    from tatabbu.engagement.models import Event
    from tatabbu.recommendations.tests.factories import RecommendationFactory

    recommendation = RecommendationFactory(natural_key="A/HRC/36/6#144.10")
    data = {
        "key": "upr-retreat",
        "kind": "seminar",
        "title_fr": "Retraite EPU",
        "start_date": "2026-05-04",
        "end_date": "2026-05-05",
        "dates_confirmed": "on",
        "recommendation_keys": "A/HRC/36/6#144.10\nA/HRC/36/6#999",
    }
    client = client_for(coordinator)
    refused = client.post(reverse("engagement:event_create"), data)
    assert refused.status_code == 400
    assert "A/HRC/36/6#999" in refused.content.decode()
    assert not Event.objects.filter(key="upr-retreat").exists()
    data["recommendation_keys"] = "A/HRC/36/6#144.10\n"
    assert client.post(reverse("engagement:event_create"), data).status_code == 302
    event = Event.objects.get(key="upr-retreat")
    assert list(event.recommendations.all()) == [recommendation]
    page = client.get(reverse("engagement:event_edit", kwargs={"uuid": event.uuid}))
    assert page.context["form"].initial["recommendation_keys"] == "A/HRC/36/6#144.10"
