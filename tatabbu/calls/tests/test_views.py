"""Screens: applicants isolated from each other, sign-up and e-mail verification, the main
steps through HTTP, and nothing changed after refused writes."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from tatabbu.accounts.models import User
from tatabbu.audit.models import Event
from tatabbu.calls.choices import ApplicationStatus
from tatabbu.calls.models import Application, Association
from tatabbu.documents.models import Document
from tatabbu.documents.tests import samples

from .factories import PASSWORD, make_application, submit
from .scenario import build_calls_scenario

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs) -> str:  # type: ignore[no-untyped-def]
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def scenario(personas):  # type: ignore[no-untyped-def]
    return build_calls_scenario(personas)


def test_association_b_gets_404_on_a_s_application_attachments_and_api(
    scenario, client_for, api_client_for
) -> None:
    other = scenario.association_b
    a = scenario.application_a
    client = client_for(other)
    api = api_client_for(other)
    for name in ("calls:application_detail", "calls:application_edit"):
        assert client.get(url(name, uuid=a.uuid)).status_code == 404
    download = url("documents:document_download", uuid=scenario.document_a.uuid)
    assert client.get(download).status_code == 404
    assert api.get(f"/api/v1/applications/{a.uuid}/").status_code == 404
    listed = api.get("/api/v1/applications/").json()
    assert [row["uuid"] for row in listed["results"]] == [str(scenario.application_b.uuid)]
    page = client.get(url("calls:application_list")).content.decode()
    assert str(a.uuid) not in page


def test_refused_writes_by_another_association_change_nothing(scenario, client_for) -> None:
    other = client_for(scenario.association_b)
    a = scenario.application_a
    before = (
        Event.objects.count(),
        Document.objects.count(),
        list(Application.objects.filter(pk=a.pk).values()),
        list(a.budget_lines.values()),
    )
    posts = [
        (
            url("calls:application_edit", uuid=a.uuid),
            {
                "project_title": "Hijacked",
                "language": "fr",
                "version": a.version,
                "lines-TOTAL_FORMS": "0",
                "lines-INITIAL_FORMS": "0",
            },
        ),
        (url("calls:application_submit", uuid=a.uuid), {"version": a.version}),
        (
            url("calls:application_attach", uuid=a.uuid),
            {"file": samples.upload("x.pdf", samples.pdf_bytes())},
        ),
        (
            url("calls:application_detach", uuid=a.uuid, attachment=a.attachments.get().pk),
            {},
        ),
        (url("calls:report_create", uuid=a.uuid), {"kind": "narrative"}),
    ]
    for target, data in posts:
        response = other.post(target, data)
        assert response.status_code == 404, target
    after = (
        Event.objects.count(),
        Document.objects.count(),
        list(Application.objects.filter(pk=a.pk).values()),
        list(a.budget_lines.values()),
    )
    assert after == before


def test_focal_points_have_no_application_pages(scenario, client_for, focal_a) -> None:
    client = client_for(focal_a)
    assert client.get(url("calls:application_list")).status_code == 403
    assert (
        client.get(url("calls:application_detail", uuid=scenario.application_b.uuid)).status_code
        == 403
    )


def test_association_fills_in_attaches_and_submits(
    call, association_a, client_for, django_capture_on_commit_callbacks
) -> None:
    client = client_for(association_a)
    response = client.post(
        url("calls:application_start", uuid=call.uuid),
        {"project_title": "مشروع التوعية بالحقوق", "language": "ar", "summary": "ملخص"},
    )
    application = Application.objects.get(association__user=association_a)
    assert response.status_code == 302
    response = client.post(
        url("calls:application_edit", uuid=application.uuid),
        {
            "project_title": "مشروع التوعية بالحقوق",
            "language": "ar",
            "summary": "ملخص",
            "duration_months": "10",
            "version": application.version,
            "lines-TOTAL_FORMS": "2",
            "lines-INITIAL_FORMS": "0",
            "lines-0-label": "تكوين",
            "lines-0-amount": "20000",
            "lines-0-co_funding": "1000",
            "lines-1-label": "",
            "lines-1-amount": "",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert [(line.label, str(line.amount)) for line in application.budget_lines.all()] == [
        ("تكوين", "20000.00")
    ]
    response = client.post(
        url("calls:application_attach", uuid=application.uuid),
        {
            "file": samples.upload("النظام الأساسي.pdf", samples.pdf_bytes()),
            "required_document": call.required_documents.get().pk,
            "language": "ar",
        },
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("calls:application_submit", uuid=application.uuid),
            {"version": Application.objects.get(pk=application.pk).version},
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert len(mail.outbox) == 1


def test_disguised_upload_is_refused_audited_and_not_stored(
    call, association_a, client_for
) -> None:
    application = make_application(association_a, call, attach=False)
    documents = Document.objects.count()
    response = client_for(association_a).post(
        url("calls:application_attach", uuid=application.uuid),
        {"file": samples.upload("rapport.pdf", b"<html><script>alert(1)</script></html>")},
    )
    assert response.status_code == 400
    assert Document.objects.count() == documents
    event = Event.objects.filter(action="document.refuse").latest("seq")
    assert event.extra == {
        "purpose": "calls.application",
        "file_name": "rapport.pdf",
        "code": "type_not_allowed",
    }


def test_late_submission_through_the_page_is_refused(
    coordinator, association_a, client_for
) -> None:
    from django.utils import timezone

    from .factories import make_call

    call = make_call(coordinator, closes_at=timezone.now() + datetime.timedelta(minutes=5))
    application = make_application(association_a, call)
    client = client_for(association_a)
    with time_machine.travel(call.closes_at + datetime.timedelta(seconds=1)):
        response = client.post(
            url("calls:application_submit", uuid=application.uuid), {"version": application.version}
        )
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_stale_edit_answers_409(call, association_a, client_for) -> None:
    application = make_application(association_a, call)
    data = {
        "project_title": "Titre",
        "language": "fr",
        "version": application.version - 1 if application.version > 1 else 99,
        "lines-TOTAL_FORMS": "0",
        "lines-INITIAL_FORMS": "0",
    }
    response = client_for(association_a).post(
        url("calls:application_edit", uuid=application.uuid), data
    )
    assert response.status_code == 409


def test_conflicted_reviewer_gets_404_afterwards(
    scenario, client_for, reviewer, coordinator
) -> None:
    from tatabbu.calls import services

    # B's application is decided already: make the persona's draft eligible.
    a = scenario.application_a
    submit(a.association.user, a)
    a.refresh_from_db()
    services.application_screen(actor=coordinator, application=a, version=a.version, eligible=True)
    client = client_for(reviewer)
    response = client.post(
        url("calls:application_declare", uuid=a.uuid),
        {"has_conflict": "1", "reason": "Ancien membre"},
    )
    assert response.status_code == 302
    assert client.get(url("calls:application_detail", uuid=a.uuid)).status_code == 404
    assert client.get(url("calls:application_review", uuid=a.uuid)).status_code == 404
    download = url("documents:document_download", uuid=scenario.document_a.uuid)
    assert client.get(download).status_code == 404


# --- Sign-up and e-mail verification ----------------------------------------------------------


def register(client, email: str = "contact@amal.example", number: str = "RA-77"):  # type: ignore[no-untyped-def]
    return client.post(
        url("calls:association_register"),
        {
            "name": "Association Amal",
            "registration_number": number,
            "contact_name": "Nora Alaoui",
            "email": email,
            "phone": "",
            "password": PASSWORD,
            "preferred_language": "fr",
        },
    )


def sign_in(client, username: str = "contact@amal.example") -> bool:  # type: ignore[no-untyped-def]
    client.post(url("accounts:login"), {"username": username, "password": PASSWORD})
    return "_auth_user_id" in client.session


def verification_link() -> str:
    match = re.search(r"https?://[^\s]+/verify/[^\s]+/", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(0).split("testserver", 1)[-1]


def test_sign_up_creates_an_inactive_account_that_cannot_sign_in(client) -> None:
    response = register(client)
    assert response.status_code == 302
    user = User.objects.get(username="contact@amal.example")
    assert user.is_active is False and user.role == "association"
    assert Association.objects.get(user=user).registration_number == "RA-77"
    assert sign_in(client) is False


def test_verification_link_works_once(client) -> None:
    register(client)
    link = verification_link()
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert User.objects.get(username="contact@amal.example").is_active is True
    assert Event.objects.filter(action="user.email_verify").count() == 1
    assert client.post(link).status_code == 400
    assert client.get(link).status_code == 400
    assert sign_in(client) is True


def test_verification_link_expires(client) -> None:
    register(client)
    link = verification_link()
    with (
        override_settings(TATABBU_EMAIL_VERIFICATION_SECONDS=60),
        time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=2)),
    ):
        assert client.post(link).status_code == 400
    assert User.objects.get(username="contact@amal.example").is_active is False


def test_tampered_link_is_refused(client) -> None:
    register(client)
    link = verification_link()
    assert client.post(link.replace("/verify/", "/verify/x")).status_code == 400


def test_link_does_not_reactivate_an_account_deactivated_after_use(client, administrator) -> None:
    from tatabbu.accounts.services import user_set_active

    register(client)
    link = verification_link()
    client.post(link)
    assert sign_in(client) is True
    client.logout()
    user = User.objects.get(username="contact@amal.example")
    user_set_active(actor=administrator, user=user, active=False)
    assert client.post(link).status_code == 400
    assert User.objects.get(pk=user.pk).is_active is False


def test_sign_up_with_a_known_address_reveals_nothing(client, association) -> None:
    association.username = "known@example.org"
    association.save(update_fields=["username"])
    users = User.objects.count()
    response = register(client, email="known@example.org", number="RA-88")
    assert response.status_code == 302
    assert response["Location"].endswith(url("calls:association_register_done"))
    assert User.objects.count() == users
    assert mail.outbox[-1].to == [association.email]
