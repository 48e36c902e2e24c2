"""Downloads: only for permitted users, as attachments with safe headers."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tatabbu.audit.models import Event
from tatabbu.documents.models import Document

from . import samples
from .test_services import store

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(tmp_path):  # type: ignore[no-untyped-def]
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        yield


def url(document: Document) -> str:
    with translation.override("ar"):
        return reverse("documents:document_download", kwargs={"uuid": document.uuid})


def test_owner_downloads_as_attachment_with_safe_headers(focal_a, client_for) -> None:
    content = samples.pdf_bytes()
    document = store(focal_a, "تقرير ‮gpj.pdf", content)
    response = client_for(focal_a).get(url(document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"gpj.pdf\"; filename*=UTF-8''" + quote("تقرير gpj.pdf", safe="")
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert Event.objects.filter(action="document.download", target_id=str(document.pk)).count() == 1


def test_content_type_comes_from_the_allowlist(focal_a, client_for) -> None:
    document = store(focal_a, "photo.png", samples.image_bytes("PNG"))
    response = client_for(focal_a).get(url(document))
    assert response["Content-Type"] == "image/png"


def test_other_users_get_404_and_nothing_is_recorded(focal_a, focal_b, coordinator, client_for):
    document = store(focal_a, "rapport.pdf", samples.pdf_bytes())
    clients = [client_for(user) for user in (focal_b, coordinator)]
    events = Event.objects.count()
    for client in clients:
        assert client.get(url(document)).status_code == 404
    assert Event.objects.count() == events


def test_anonymous_is_sent_to_sign_in(focal_a, client_for) -> None:
    document = store(focal_a, "rapport.pdf", samples.pdf_bytes())
    response = client_for(None).get(url(document))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_unknown_document_and_unregistered_purpose_are_404(focal_a, client_for) -> None:
    import uuid

    document = store(focal_a, "rapport.pdf", samples.pdf_bytes())
    Document.objects.filter(pk=document.pk).update(purpose="nobody.registered")
    document.refresh_from_db()
    client = client_for(focal_a)
    assert client.get(url(document)).status_code == 404
    missing = reverse("documents:document_download", kwargs={"uuid": uuid.uuid4()})
    assert client.get(missing).status_code == 404


def test_deactivated_owner_cannot_download(focal_a, client_for) -> None:
    document = store(focal_a, "rapport.pdf", samples.pdf_bytes())
    client = client_for(focal_a)
    focal_a.is_active = False
    focal_a.save(update_fields=["is_active"])
    response = client.get(url(document))
    assert response.status_code in {302, 404}


def test_media_files_are_not_served_directly(focal_a, client_for) -> None:
    document = store(focal_a, "rapport.pdf", samples.pdf_bytes())
    for path in (f"/media/{document.stored_name}", f"/media-is-not-served/{document.stored_name}"):
        assert client_for(focal_a).get(path).status_code == 404
