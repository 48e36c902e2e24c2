"""Who may download a reply sent to special procedures: whoever may see the communication
(documents.access registry)."""

from __future__ import annotations

from typing import Any

from tatabbu.documents.access import register_document_purpose

from . import selectors
from .services import EVIDENCE_PURPOSE, SP_REPLY_PURPOSE


def _can_read_sp_reply(user: Any, document: Any) -> bool:
    return selectors.sp_communication_list(user=user).filter(reply_document=document).exists()


def _can_read_evidence(user: Any, document: Any) -> bool:
    return selectors.contribution_list(user=user).filter(evidence=document).exists()


register_document_purpose(SP_REPLY_PURPOSE, _can_read_sp_reply)
register_document_purpose(EVIDENCE_PURPOSE, _can_read_evidence)
