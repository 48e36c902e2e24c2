"""System checks for settings Tatabbu depends on."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.database)
def sqlite_concurrency_settings(app_configs: object, **kwargs: object) -> list[Error]:
    """SQLite must queue writers (IMMEDIATE) and wait for locks (timeout): ECOSYSTEM.md."""
    errors: list[Error] = []
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return errors
    options = database.get("OPTIONS", {})
    if options.get("transaction_mode") != "IMMEDIATE":
        errors.append(Error("SQLite must use transaction_mode='IMMEDIATE'.", id="tatabbu.E001"))
    if not options.get("timeout"):
        errors.append(Error("SQLite needs a busy timeout.", id="tatabbu.E002"))
    return errors
