"""Work that apps of higher layers do once an import is written (e.g. the intelligence app's
label suggestions), registered at start-up so that this app does not import them. A failing
hook is logged and does not undo the import, which is already committed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

AfterImport = Callable[..., Any]
_after_import: list[AfterImport] = []


def register_after_import(hook: AfterImport) -> AfterImport:
    """``hook(actor=, batch=)`` runs after each written import."""
    if hook not in _after_import:
        _after_import.append(hook)
    return hook


def run_after_import(*, actor: Any, batch: Any) -> None:
    for hook in _after_import:
        try:
            hook(actor=actor, batch=batch)
        except Exception:
            logger.exception("after-import hook %s failed for import %s", hook, batch.pk)
