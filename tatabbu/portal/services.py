"""Writes of the portal: news items, pages, publications (coordinators) and contact messages
(the public). Every write is audited; refusals raise ServiceError or PermissionDenied and change
nothing."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tatabbu.audit.registry import register_actions
from tatabbu.audit.trail import record, service, snapshot
from tatabbu.core.concurrency import bump_version
from tatabbu.core.exceptions import ServiceError
from tatabbu.core.publication import announce_publication
from tatabbu.documents.access import register_document_purpose
from tatabbu.documents.services import document_store

from .choices import PublicationStatus
from .models import Article, ContactMessage, Publication
from .permissions import can_edit_portal

register_actions(
    {
        "portal.article_create": _("Portal news item or page created"),
        "portal.article_update": _("Portal news item or page changed"),
        "portal.article_publish": _("Portal news item or page published"),
        "portal.article_unpublish": _("Portal news item or page withdrawn"),
        "portal.publication_create": _("Portal publication created"),
        "portal.publication_update": _("Portal publication changed"),
        "portal.publication_publish": _("Portal publication published"),
        "portal.publication_unpublish": _("Portal publication withdrawn"),
        "portal.contact_message": _("Message sent through the portal's contact form"),
    }
)

IMAGE_PURPOSE = "portal.image"
PUBLICATION_PURPOSE = "portal.publication"


def _can_read_portal_file(user: Any, document: Any) -> bool:
    # Staff read drafts' files in the back office; the public reads them through the portal's
    # own views (published items only).
    return can_edit_portal(user)


register_document_purpose(IMAGE_PURPOSE, _can_read_portal_file)
register_document_purpose(PUBLICATION_PURPOSE, _can_read_portal_file)

ARTICLE_FIELDS = [
    "kind",
    "slug",
    "title_ar",
    "title_fr",
    "title_en",
    "summary_ar",
    "summary_fr",
    "summary_en",
    "body_ar",
    "body_fr",
    "body_en",
    "image",
    "status",
    "published_at",
]
ARTICLE_EDITABLE = [name for name in ARTICLE_FIELDS if name not in {"kind", "status"}]
PUBLICATION_FIELDS = [
    "title_ar",
    "title_fr",
    "title_en",
    "description_ar",
    "description_fr",
    "description_en",
    "document",
    "status",
    "published_at",
]
PUBLICATION_EDITABLE = [name for name in PUBLICATION_FIELDS if name not in {"status", "document"}]


def _require_editor(actor: Any) -> None:
    if not can_edit_portal(actor):
        raise PermissionDenied


def _store_image(actor: Any, image: Any) -> Any:
    document = document_store(actor=actor, uploaded_file=image, purpose=IMAGE_PURPOSE)
    if document.kind not in {"png", "jpeg"}:
        raise ServiceError(_("The image must be a PNG or JPEG file."), code="not_an_image")
    return document


@service
def article_create(*, actor: Any, kind: str, image_file: Any = None, **fields: Any) -> Article:
    """A draft news item or page; ``image_file`` (PNG or JPEG) is checked and stored."""
    _require_editor(actor)
    unknown = set(fields) - set(ARTICLE_EDITABLE)
    if unknown:
        raise ServiceError(_("These fields cannot be changed here."), code="unknown_fields")
    article = Article(kind=kind, created_by=actor, status=PublicationStatus.DRAFT, **fields)
    if image_file is not None:
        article.image = _store_image(actor, image_file)
    article.full_clean()
    article.save()
    record(
        actor=actor,
        action="portal.article_create",
        target=article,
        after=snapshot(article, ARTICLE_FIELDS),
    )
    return article


@service
def article_update(
    *, actor: Any, article: Article, version: int, image_file: Any = None, **fields: Any
) -> Article:
    """Change the text, address, publication date or image (version-checked: 409 when stale)."""
    _require_editor(actor)
    unknown = set(fields) - set(ARTICLE_EDITABLE)
    if unknown:
        raise ServiceError(_("These fields cannot be changed here."), code="unknown_fields")
    before = snapshot(article, ARTICLE_FIELDS)
    for name, value in fields.items():
        setattr(article, name, value)
    changed = list(fields)
    if image_file is not None:
        article.image = _store_image(actor, image_file)
        changed.append("image")
    article.full_clean()
    bump_version(article, expected_version=version, fields=changed)
    record(
        actor=actor,
        action="portal.article_update",
        target=article,
        before=before,
        after=snapshot(article, ARTICLE_FIELDS),
    )
    return article


def _publication_time(value: datetime.datetime | None) -> datetime.datetime:
    return value or timezone.now()


@service
def article_publish(*, actor: Any, article: Article, version: int) -> Article:
    """Publish: visible on the portal from its publication date (now when it has none)."""
    _require_editor(actor)
    if article.status == PublicationStatus.PUBLISHED:
        raise ServiceError(_("This item is already published."), code="already_published")
    article.status = PublicationStatus.PUBLISHED
    article.published_at = _publication_time(article.published_at)
    bump_version(article, expected_version=version, fields=["status", "published_at"])
    record(
        actor=actor,
        action="portal.article_publish",
        target=article,
        before={"status": PublicationStatus.DRAFT},
        after={"status": article.status, "published_at": article.published_at.isoformat()},
    )
    _after_publication()
    return article


@service
def article_unpublish(*, actor: Any, article: Article, version: int) -> Article:
    """Withdraw a published item from the portal (back to draft)."""
    _require_editor(actor)
    if article.status != PublicationStatus.PUBLISHED:
        raise ServiceError(_("This item is not published."), code="not_published")
    article.status = PublicationStatus.DRAFT
    bump_version(article, expected_version=version, fields=["status"])
    record(
        actor=actor,
        action="portal.article_unpublish",
        target=article,
        before={"status": PublicationStatus.PUBLISHED},
        after={"status": PublicationStatus.DRAFT},
    )
    _after_publication()
    return article


@service
def publication_create(*, actor: Any, file: Any, language: str = "", **fields: Any) -> Publication:
    """A draft publication with its file (PDF, DOCX, XLSX or ODT, checked by content)."""
    _require_editor(actor)
    unknown = set(fields) - set(PUBLICATION_EDITABLE)
    if unknown:
        raise ServiceError(_("These fields cannot be changed here."), code="unknown_fields")
    document = document_store(
        actor=actor, uploaded_file=file, purpose=PUBLICATION_PURPOSE, language=language
    )
    publication = Publication(document=document, created_by=actor, **fields)
    publication.full_clean()
    publication.save()
    record(
        actor=actor,
        action="portal.publication_create",
        target=publication,
        after=snapshot(publication, PUBLICATION_FIELDS),
    )
    return publication


@service
def publication_from_report(*, actor: Any, report: Any, **fields: Any) -> Publication:
    """A draft publication holding a copy of a finished generated report (reporting app): the
    copy is checked like any upload and kept even if the report is deleted later."""
    from django.core.files import File

    from tatabbu.reporting.choices import ReportStatus
    from tatabbu.reporting.files import stored_path

    _require_editor(actor)
    if report.status != ReportStatus.DONE:
        raise ServiceError(_("This report is not ready."), code="report_not_ready")
    if not any(fields.get(f"title_{code}") for code in ("ar", "fr", "en")):
        fields[f"title_{report.language}"] = report.title or report.download_name
    with stored_path(report).open("rb") as handle:
        upload = File(handle, name=report.download_name)
        return publication_create(actor=actor, file=upload, language=report.language, **fields)


@service
def publication_update(
    *, actor: Any, publication: Publication, version: int, **fields: Any
) -> Publication:
    _require_editor(actor)
    unknown = set(fields) - set(PUBLICATION_EDITABLE)
    if unknown:
        raise ServiceError(_("These fields cannot be changed here."), code="unknown_fields")
    before = snapshot(publication, PUBLICATION_FIELDS)
    for name, value in fields.items():
        setattr(publication, name, value)
    publication.full_clean()
    bump_version(publication, expected_version=version, fields=list(fields))
    record(
        actor=actor,
        action="portal.publication_update",
        target=publication,
        before=before,
        after=snapshot(publication, PUBLICATION_FIELDS),
    )
    return publication


@service
def publication_publish(*, actor: Any, publication: Publication, version: int) -> Publication:
    _require_editor(actor)
    if publication.status == PublicationStatus.PUBLISHED:
        raise ServiceError(_("This item is already published."), code="already_published")
    publication.status = PublicationStatus.PUBLISHED
    publication.published_at = _publication_time(publication.published_at)
    bump_version(publication, expected_version=version, fields=["status", "published_at"])
    record(
        actor=actor,
        action="portal.publication_publish",
        target=publication,
        before={"status": PublicationStatus.DRAFT},
        after={"status": publication.status, "published_at": publication.published_at.isoformat()},
    )
    _after_publication()
    return publication


@service
def publication_unpublish(*, actor: Any, publication: Publication, version: int) -> Publication:
    _require_editor(actor)
    if publication.status != PublicationStatus.PUBLISHED:
        raise ServiceError(_("This item is not published."), code="not_published")
    publication.status = PublicationStatus.DRAFT
    bump_version(publication, expected_version=version, fields=["status"])
    record(
        actor=actor,
        action="portal.publication_unpublish",
        target=publication,
        before={"status": PublicationStatus.PUBLISHED},
        after={"status": PublicationStatus.DRAFT},
    )
    _after_publication()
    return publication


@service
def contact_message_create(
    *,
    name: str,
    email: str,
    subject: str,
    message: str,
    language: str,
    client_address: str | None = None,
) -> ContactMessage:
    """Store a message from the contact form (spam checks are done by the form and view)."""
    item = ContactMessage(
        name=name.strip(),
        email=email.strip().lower(),
        subject=subject.strip(),
        message=message.strip(),
        language=language,
        client_address=client_address or None,
    )
    item.full_clean()
    item.save()
    record(
        actor=None,
        action="portal.contact_message",
        target=item,
        after={"subject": item.subject, "language": item.language},
    )
    return item


# Called (on commit) after anything the public sees changes: the bulk files are rebuilt.
def _rebuild_open_data() -> None:
    from tatabbu.api.tasks import open_data_rebuild_soon

    open_data_rebuild_soon()


def _forget_cached_pages() -> None:
    from .caching import invalidate

    invalidate()


PUBLICATION_HOOKS: list[Any] = [_forget_cached_pages, _rebuild_open_data]


def _after_publication() -> None:
    announce_publication()


def _publication_listener() -> None:
    """Registered with ``core.publication`` by ``PortalConfig.ready``: runs the hooks once the
    publishing transaction commits, whichever app published."""
    for hook in PUBLICATION_HOOKS:
        hook()
