"""The portal's pages: editing and publishing news, the contact form's spam checks, the 404 page
in each language, canonical / hreflang / Open Graph links, the sitemap."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tatabbu.audit.models import Event
from tatabbu.portal import forms as portal_forms
from tatabbu.portal.models import Article, ContactMessage
from tatabbu.recommendations.tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def _article_data(**overrides: Any) -> dict[str, Any]:
    return {
        "slug": "journee-etude",
        "title_fr": "Journée d'étude",
        "title_ar": "يوم دراسي",
        "title_en": "",
        "summary_fr": "Résumé",
        "summary_ar": "",
        "summary_en": "",
        "body_fr": "Le texte de la journée.",
        "body_ar": "نص اليوم الدراسي",
        "body_en": "",
        "published_at": "",
        "version": "0",
        **overrides,
    }


def test_coordinator_writes_previews_and_publishes_a_news_item(client_for, coordinator) -> None:
    client = client_for(coordinator)
    response = client.post(
        reverse("portal_editor:article_create", kwargs={"kind": "news"}), _article_data()
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="journee-etude")
    assert article.status == "draft"
    assert Event.objects.filter(action="portal.article_create", target_id=str(article.pk)).exists()
    public = Client()
    url = reverse("portal:news_detail", kwargs={"slug": "journee-etude"})
    assert public.get("/fr" + url[3:]).status_code == 404
    preview = client.get(reverse("portal_editor:article_preview", kwargs={"uuid": article.uuid}))
    assert "Le texte de la journée." in preview.content.decode()

    response = client.post(
        reverse("portal_editor:article_publish", kwargs={"uuid": article.uuid}),
        {"version": article.version},
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == "published" and article.published_at is not None
    page = public.get("/ar" + url[3:])
    assert page.status_code == 200
    # Arabic page of an item with an Arabic version: Arabic text, marked as such.
    assert 'lang="ar"' in page.content.decode() and "يوم دراسي" in page.content.decode()
    assert Event.objects.filter(action="portal.article_publish").count() == 1


def test_stale_edit_is_refused_with_409_and_changes_nothing(client_for, coordinator) -> None:
    client = client_for(coordinator)
    client.post(reverse("portal_editor:article_create", kwargs={"kind": "page"}), _article_data())
    article = Article.objects.get(slug="journee-etude")
    url = reverse("portal_editor:article_edit", kwargs={"uuid": article.uuid})
    first = client.post(url, _article_data(title_fr="Première", version=article.version))
    assert first.status_code == 302
    stale = client.post(url, _article_data(title_fr="Seconde", version=article.version))
    assert stale.status_code == 409
    article.refresh_from_db()
    assert article.title_fr == "Première"


def test_a_news_item_dated_in_the_future_waits_for_its_date(client_for, coordinator) -> None:
    later = timezone.now() + datetime.timedelta(days=2)
    client = client_for(coordinator)
    client.post(
        reverse("portal_editor:article_create", kwargs={"kind": "news"}),
        _article_data(published_at=later.strftime("%Y-%m-%dT%H:%M")),
    )
    article = Article.objects.get()
    client.post(
        reverse("portal_editor:article_publish", kwargs={"uuid": article.uuid}),
        {"version": article.version},
    )
    assert Client().get(article.get_absolute_url()).status_code == 404


def test_non_editors_cannot_publish(client_for, focal_a, coordinator) -> None:
    from tatabbu.portal.tests.factories import ArticleFactory

    article = ArticleFactory()
    response = client_for(focal_a).post(
        reverse("portal_editor:article_publish", kwargs={"uuid": article.uuid}),
        {"version": article.version},
    )
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == "draft"


def _contact_data(started_seconds_ago: int = 30, **overrides: Any) -> dict[str, Any]:
    started = signing.dumps(
        int(timezone.now().timestamp()) - started_seconds_ago, salt=portal_forms._SALT
    )
    return {
        "name": "Amina",
        "email": "amina@example.org",
        "subject": "Question",
        "message": "Bonjour",
        "website": "",
        "started": started,
        **overrides,
    }


def test_contact_form_stores_an_audited_message() -> None:
    response = Client().post(reverse("portal:contact"), _contact_data())
    assert response.status_code == 302
    message = ContactMessage.objects.get()
    assert message.subject == "Question"
    assert Event.objects.filter(action="portal.contact_message").count() == 1


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"website": "http://spam.example"}, "honeypot"),
        ({"started_seconds_ago": 0}, "too_fast"),
        ({"started": "forged"}, "expired"),
    ],
)
def test_contact_form_refuses_robots(data: dict[str, Any], code: str) -> None:
    seconds = data.pop("started_seconds_ago", 30)
    response = Client().post(reverse("portal:contact"), _contact_data(seconds, **data))
    assert response.status_code == 400
    assert code in {
        error.code
        for errors in response.context["form"].errors.as_data().values()
        for error in errors
    }
    assert ContactMessage.objects.count() == 0


def test_contact_form_is_rate_limited_per_address() -> None:
    client = Client()
    for _number in range(5):
        assert client.post(reverse("portal:contact"), _contact_data()).status_code == 302
    response = client.post(reverse("portal:contact"), _contact_data())
    assert response.status_code == 429
    assert ContactMessage.objects.count() == 5


@pytest.mark.parametrize(
    ("language", "text"),
    [("ar", "الصفحة غير موجودة"), ("fr", "Page introuvable"), ("en", "Page not found")],
)
def test_404_page_in_each_language(language: str, text: str) -> None:
    response = Client().get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert f'<html lang="{language}"' in body
    assert text in body


def test_pages_carry_canonical_hreflang_and_open_graph_links() -> None:
    recommendation = RecommendationFactory(text_fr="Ratifier la convention")
    url = reverse("portal:recommendation_detail", kwargs={"uuid": recommendation.uuid})
    body = Client().get("/fr" + url[3:] + "?x=1").content.decode()
    path = url[3:]
    assert f'<link rel="canonical" href="http://testserver/fr{path}">' in body
    for code in ("ar", "fr", "en"):
        assert (
            f'<link rel="alternate" hreflang="{code}" href="http://testserver/{code}{path}">'
            in body
        )
    assert '<meta property="og:type" content="article">' in body
    assert '<meta property="og:locale" content="fr_FR">' in body
    assert 'class="visually-hidden-focusable skip-link" href="#main"' in body
    assert '<main id="main"' in body


def test_sitemap_lists_pages_in_three_languages_with_alternates() -> None:
    recommendation = RecommendationFactory()
    index = Client().get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/sitemap-recommendations.xml</loc>" in index
    body = Client().get("/sitemap-recommendations.xml").content.decode()
    path = reverse("portal:recommendation_detail", kwargs={"uuid": recommendation.uuid})[3:]
    for code in ("ar", "fr", "en"):
        assert f"<loc>http://testserver/{code}{path}</loc>" in body
    assert 'hreflang="x-default"' in body


def test_search_uses_the_back_office_facets_over_published_records() -> None:
    from tatabbu.recommendations.tests.factories import mechanism

    RecommendationFactory(text_fr="Abolir la torture", mechanism=mechanism("CAT"))
    body = Client().get(reverse("portal:recommendation_list") + "?q=torture").content.decode()
    assert 'data-total="1"' in body
    assert 'data-facet="body"' in body and 'data-facet="theme"' not in body  # empty facet


def test_demo_content_is_published_once(coordinator, tmp_path) -> None:
    from tatabbu.portal.demo import load_portal_demo

    assert load_portal_demo(tmp_path) == {"portal_items_created": 2}
    assert load_portal_demo(tmp_path) == {"portal_items_created": 0}
    assert Client().get("/ar/pages/about/").status_code == 200
    assert Client().get("/en/news/portal-opening/").status_code == 200


def test_image_and_publication_files_are_served_once_published(
    client_for, coordinator, settings, tmp_path, django_capture_on_commit_callbacks
) -> None:
    from tatabbu.documents.tests import samples
    from tatabbu.portal.models import Publication

    settings.MEDIA_ROOT = tmp_path / "media"
    client = client_for(coordinator)
    data = _article_data()
    data["image_file"] = samples.upload("photo.png", samples.image_bytes("PNG"))
    assert (
        client.post(
            reverse("portal_editor:article_create", kwargs={"kind": "news"}), data
        ).status_code
        == 302
    )
    article = Article.objects.get()
    image_url = reverse("portal:image", kwargs={"uuid": article.image.uuid})
    assert Client().get(image_url).status_code == 404  # a draft's image
    response = client.post(
        reverse("portal_editor:publication_create"),
        {
            "title_fr": "Rapport national",
            "title_ar": "",
            "title_en": "",
            "description_fr": "",
            "description_ar": "",
            "description_en": "",
            "published_at": "",
            "language": "fr",
            "file": samples.upload("rapport.pdf", samples.pdf_bytes("Rapport")),
        },
    )
    assert response.status_code == 302
    publication = Publication.objects.get()
    download = reverse("portal:publication_download", kwargs={"uuid": publication.uuid})
    assert Client().get(download).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("portal_editor:article_publish", kwargs={"uuid": article.uuid}),
            {"version": article.version},
        )
        client.post(
            reverse("portal_editor:publication_publish", kwargs={"uuid": publication.uuid}),
            {"version": publication.version},
        )
    image = Client().get(image_url)
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image["X-Content-Type-Options"] == "nosniff"
    file = Client().get(download)
    assert file.status_code == 200
    assert b"".join(file.streaming_content).startswith(b"%PDF")
    assert file["Content-Disposition"].startswith("attachment;")
    assert "Rapport national" in Client().get("/fr/publications/").content.decode()


def test_a_file_that_is_not_an_image_is_refused(client_for, coordinator, settings, tmp_path):
    from tatabbu.documents.tests import samples

    settings.MEDIA_ROOT = tmp_path / "media"
    data = _article_data()
    data["image_file"] = samples.upload("photo.pdf", samples.pdf_bytes("x"))
    response = client_for(coordinator).post(
        reverse("portal_editor:article_create", kwargs={"kind": "news"}), data
    )
    assert response.status_code == 400
    assert Article.objects.count() == 0


def test_a_generated_report_is_published_for_download(
    client_for, coordinator, settings, tmp_path
) -> None:
    from tatabbu.documents.tests import samples
    from tatabbu.portal.models import Publication
    from tatabbu.reporting.models import GeneratedReport

    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "reports").mkdir(parents=True)
    (tmp_path / "media" / "reports" / "abc123").write_bytes(samples.pdf_bytes("Bilan"))
    report = GeneratedReport.objects.create(
        kind="action-plan",
        file_format="pdf",
        language="fr",
        status="done",
        requested_by=coordinator,
        title="Bilan du plan d'action 2026",
        stored_name="abc123",
        download_name="bilan-2026.pdf",
    )
    empty = dict.fromkeys(
        (
            "title_ar",
            "title_fr",
            "title_en",
            "description_ar",
            "description_fr",
            "description_en",
            "published_at",
            "language",
        ),
        "",
    )
    client = client_for(coordinator)
    neither = client.post(reverse("portal_editor:publication_create"), empty)
    assert neither.status_code == 400
    response = client.post(
        reverse("portal_editor:publication_create"), {**empty, "report": str(report.uuid)}
    )
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert publication.title_fr == "Bilan du plan d'action 2026"
    assert publication.document.kind == "pdf" and publication.document.language == "fr"
    assert publication.document.path.read_bytes() == samples.pdf_bytes("Bilan")
