"""``flush`` that also empties the append-only audit table, where settings allow it.

Django's test framework flushes the database between transactional tests; the audit triggers would
refuse that. Outside tests and development (``TATABBU_ALLOW_AUDIT_FLUSH``), flushing is refused:
a production database is never emptied this way.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from tatabbu.audit import triggers


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        if not getattr(settings, "TATABBU_ALLOW_AUDIT_FLUSH", False):
            raise CommandError("flush is disabled: the audit trail is append-only.")
        connection = connections[options["database"]]
        triggers.remove(connection)
        try:
            super().handle(**options)
        finally:
            triggers.install(connection)
