"""Who may read a document: the feature that owns it decides.

Each feature registers, for each ``purpose`` it stores documents under, a function
``can_read(user, document) -> bool`` (usually: "the user may see the object the document is
attached to", through the feature's selectors). A document whose purpose has no registered
reader cannot be read by anyone (deny by default).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Document

ReadCheck = Callable[[Any, "Document"], bool]
_READERS: dict[str, ReadCheck] = {}


def register_document_purpose(purpose: str, can_read: ReadCheck) -> None:
    """Declare ``purpose`` (e.g. ``"calls.application"``) and who may read its documents."""
    existing = _READERS.get(purpose)
    if existing is not None and existing is not can_read:
        raise ValueError(f"Document purpose {purpose!r} is registered twice.")
    _READERS[purpose] = can_read


def is_registered_purpose(purpose: str) -> bool:
    return purpose in _READERS


def can_read_document(user: Any, document: Document) -> bool:
    """True only for an active signed-in user whom the owning feature lets read ``document``."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    check = _READERS.get(document.purpose)
    return bool(check is not None and check(user, document))
