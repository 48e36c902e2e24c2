"""“Something the public sees has changed”: apps that publish (follow-up updates, action-plan
updates, calls for projects, portal content) call ``announce_publication()`` inside their
service; the interfaces that keep public copies (the portal's page cache and bulk files) listen
with ``listen_publication(callback)`` from their ``AppConfig.ready``. Listeners run once the
transaction commits (never for a rolled-back change). Core imports no app: lower layers announce
without knowing who listens."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

_LISTENERS: list[Callable[[], None]] = []


def listen_publication(callback: Callable[[], None]) -> None:
    if callback not in _LISTENERS:
        _LISTENERS.append(callback)


def announce_publication() -> None:
    for callback in _LISTENERS:
        transaction.on_commit(callback)
