from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "tatabbu.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import receivers  # noqa: F401  (authentication events)

        post_migrate.connect(_ensure_triggers, sender=self)


def _ensure_triggers(sender: object, using: str = "default", **kwargs: object) -> None:
    from django.db import connections

    from .triggers import ensure

    ensure(connections[using])
