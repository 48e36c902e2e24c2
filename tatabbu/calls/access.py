"""Who may download the documents attached to applications and reports: whoever may see the
application (or report) they are attached to (documents.access registry)."""

from __future__ import annotations

from typing import Any

from tatabbu.documents.access import register_document_purpose

from . import selectors
from .models import Attachment
from .services import APPLICATION_PURPOSE, REPORT_PURPOSE


def _can_read_application_document(user: Any, document: Any) -> bool:
    attachment = Attachment.objects.filter(document=document, report=None).first()
    return attachment is not None and (
        selectors.application_list(user=user).filter(pk=attachment.application_id).exists()
    )


def _can_read_report_document(user: Any, document: Any) -> bool:
    attachment = Attachment.objects.filter(document=document).exclude(report=None).first()
    return attachment is not None and (
        selectors.report_list(user=user).filter(pk=attachment.report_id).exists()
    )


register_document_purpose(APPLICATION_PURPOSE, _can_read_application_document)
register_document_purpose(REPORT_PURPOSE, _can_read_report_document)
