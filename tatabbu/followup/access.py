"""Who may download evidence: whoever may see the progress update it is attached to."""

from __future__ import annotations

from typing import Any

from tatabbu.documents.access import register_document_purpose

from . import selectors
from .models import ProgressUpdate

EVIDENCE_PURPOSE = "followup.evidence"


def _can_read_evidence(user: Any, document: Any) -> bool:
    updates = ProgressUpdate.evidence.through.objects.filter(document=document).values(
        "progressupdate_id"
    )
    return selectors.update_list(user=user).filter(pk__in=updates).exists()


register_document_purpose(EVIDENCE_PURPOSE, _can_read_evidence)
