"""The report factory: contributions answered and consolidated, versions and their diffs,
tracked data, approval, scoping."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tatabbu.audit.models import Event as AuditEvent
from tatabbu.core.exceptions import ServiceError
from tatabbu.documents.tests.samples import pdf_bytes
from tatabbu.engagement import selectors, services
from tatabbu.engagement.diff import Segment, unified, word_diff
from tatabbu.engagement.models import SectionVersion

from .factories import MINISTRY_A, MINISTRY_B, institution, state_report

pytestmark = pytest.mark.django_db
D = datetime.date


def test_word_diff_marks_inserted_and_deleted_words() -> None:
    old = "La loi 43-13 a été adoptée en 2015."
    new = "La loi 43-13 a été adoptée et publiée en 2016."
    assert word_diff(old, new) == [
        Segment("equal", "La loi 43-13 a été adoptée "),
        Segment("insert", "et publiée "),
        Segment("equal", "en "),
        Segment("delete", "2015."),
        Segment("insert", "2016."),
    ]
    assert word_diff("same", "same") == [Segment("equal", "same")]
    assert "-a\n+b\n" in unified("a\n", "b\n", "v1", "v2")


def test_a_contribution_is_answered_validated_and_consolidated(
    personas: dict[str, Any], client_for: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    report = state_report()
    section = report.sections.get()
    coordinator = client_for(personas["coordinator"])
    response = coordinator.post(
        reverse("engagement:contribution_request", kwargs={"pk": section.pk}),
        {
            "institutions": [institution(MINISTRY_A).pk, institution(MINISTRY_B).pk],
            "deadline": "2026-12-15",
            "instructions": "Mesures prises depuis 2016 contre la torture.",
        },
    )
    assert response.status_code == 302
    request_a = section.contribution_requests.get(institution__slug=MINISTRY_A)
    request_b = section.contribution_requests.get(institution__slug=MINISTRY_B)
    # Each institution sees its own request only; others get a 404.
    focal_a, focal_b = client_for(personas["focal.a"]), client_for(personas["focal.b"])
    assert focal_b.get(request_a.get_absolute_url()).status_code == 404
    assert focal_a.get(request_b.get_absolute_url()).status_code == 404
    assert client_for(personas["management"]).get(request_a.get_absolute_url()).status_code == 404
    # The focal point answers (text and evidence) and submits.
    edit = reverse("engagement:contribution_edit", kwargs={"pk": request_a.pk})
    text = "Le mécanisme national de prévention de la torture a été créé en 2018 au sein du CNDH."
    assert focal_a.post(edit, {"text": text, "version": 1}).status_code == 302
    attach = reverse("engagement:contribution_attach", kwargs={"pk": request_a.pk})
    upload = SimpleUploadedFile("rapport-mnp.pdf", pdf_bytes("Rapport annuel MNP"))
    assert focal_a.post(attach, {"file": upload}).status_code == 302
    step = "engagement:contribution_step"
    assert (
        focal_a.post(reverse(step, kwargs={"pk": request_a.pk, "step": "submit"})).status_code
        == 302
    )
    # Its validator validates (the author could not).
    refused = focal_a.post(reverse(step, kwargs={"pk": request_a.pk, "step": "validate"}))
    assert refused.status_code == 403
    validator = client_for(personas["validator.a"])
    assert (
        validator.post(reverse(step, kwargs={"pk": request_a.pk, "step": "validate"})).status_code
        == 302
    )
    request_a.refresh_from_db()
    assert request_a.status == "validated"
    evidence = request_a.evidence.get()
    download = reverse("documents:document_download", kwargs={"uuid": evidence.uuid})
    assert focal_b.get(download).status_code == 404
    assert coordinator.get(download).status_code == 200
    # The coordinator consolidates: the validated contribution is beside the text.
    section_edit = reverse("engagement:section_edit", kwargs={"pk": section.pk})
    page = coordinator.get(section_edit)
    assert [item.pk for item in page.context["validated"]] == [request_a.pk]
    consolidated = f"Le Royaume du Maroc rappelle que {text[0].lower()}{text[1:]}"
    response = coordinator.post(section_edit, {"text": consolidated, "note": "MJ", "version": 1})
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.text == consolidated
    assert list(section.versions.values_list("number", flat=True)) == [1]
    assert coordinator.post(section_edit, {"text": "stale", "version": 1}).status_code == 409
    section.refresh_from_db()
    assert section.text == consolidated
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    for action in (
        "contribution.request",
        "contribution.update",
        "contribution.attach",
        "contribution.submit",
        "contribution.validate",
        "report_section.save_text",
    ):
        assert action in actions


def test_versions_are_kept_and_compared(personas: dict[str, Any], client_for: Any) -> None:
    section = state_report().sections.get()
    coordinator = personas["coordinator"]
    services.section_save_text(
        actor=coordinator, section=section, version=1, text="Première rédaction du texte."
    )
    services.section_save_text(
        actor=coordinator, section=section, version=2, text="Deuxième rédaction du texte, révisée."
    )
    assert [
        (v.number, v.text)
        for v in SectionVersion.objects.filter(section=section).order_by("number")
    ] == [
        (1, "Première rédaction du texte."),
        (2, "Deuxième rédaction du texte, révisée."),
    ]
    url = reverse("engagement:section_diff", kwargs={"pk": section.pk})
    page = client_for(coordinator).get(url, {"from": 1, "to": 2})
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        '<del class="bg-danger-subtle">Première</del><ins class="bg-success-subtle">Deuxième</ins>'
        ' rédaction du <del class="bg-danger-subtle">texte.</del>'
        '<ins class="bg-success-subtle">texte, révisée.</ins>'
    ) in html
    assert client_for(coordinator).get(url, {"from": 1, "to": 9}).status_code == 400
    assert client_for(personas["focal.a"]).get(url).status_code == 403


def test_tracked_data_is_pulled_into_a_section(personas: dict[str, Any]) -> None:
    from tatabbu.recommendations.tests.factories import RecommendationFactory

    section = state_report().sections.get()
    recommendation = RecommendationFactory(
        paragraph="24",
        text_fr="Veiller à ce que toutes les allégations de torture fassent l'objet d'enquêtes.",
    )
    section.recommendations.add(recommendation)
    services.section_save_text(
        actor=personas["coordinator"], section=section, version=1, text="Introduction."
    )
    saved = services.section_pull_tracked_data(
        actor=personas["coordinator"], section=section, version=2
    )
    assert saved.number == 2
    assert saved.text.startswith("Introduction.\n\n")
    assert (
        "§24: Veiller à ce que toutes les allégations de torture fassent l'objet d'enquêtes."
        in saved.text
    )
    assert (
        "Supported" in saved.text or "Acceptée" in saved.text or "supported" in saved.text.lower()
    )


def test_sections_done_then_report_approved(personas: dict[str, Any]) -> None:
    report = state_report(sections=2)
    coordinator = personas["coordinator"]
    first, second = report.sections.order_by("position")
    with pytest.raises(ServiceError):
        services.section_set_done(actor=coordinator, section=first, done=True)  # no text yet
    services.section_save_text(actor=coordinator, section=first, version=1, text="Texte 1")
    services.section_set_done(actor=coordinator, section=first, done=True)
    with pytest.raises(ServiceError):
        services.section_save_text(actor=coordinator, section=first, version=2, text="x")
    with pytest.raises(ServiceError):
        services.state_report_submit(actor=coordinator, report=report)  # second still open
    services.section_save_text(actor=coordinator, section=second, version=1, text="Texte 2")
    services.section_set_done(actor=coordinator, section=second, done=True)
    services.state_report_submit(actor=coordinator, report=report)
    with pytest.raises(ServiceError):
        services.state_report_approve(actor=coordinator, report=report)  # four eyes
    services.state_report_approve(actor=personas["administrator"], report=report)
    report.refresh_from_db()
    assert (report.status, report.approved_by) == ("approved", personas["administrator"])
    with pytest.raises(ServiceError):
        services.section_create(actor=coordinator, report=report, heading="Late")


def test_contribution_deadlines_in_the_institution_calendar(personas: dict[str, Any]) -> None:
    section = state_report().sections.get()
    services.contribution_request_create(
        actor=personas["coordinator"],
        section=section,
        institutions=[institution(MINISTRY_A)],
        deadline=D(2026, 12, 15),
    )
    mine = selectors.calendar_entries(user=personas["focal.a"], kinds=["contribution_due"])
    assert [e.date for e in mine] == [D(2026, 12, 15)]
    assert selectors.calendar_entries(user=personas["focal.b"], kinds=["contribution_due"]) == []
    with pytest.raises(ServiceError):
        services.contribution_request_create(
            actor=personas["coordinator"],
            section=section,
            institutions=[institution(MINISTRY_A)],
            deadline=D(2026, 12, 20),
        )
