from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "tatabbu.recommendations"
    label = "recommendations"
    verbose_name = _("Recommendations")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import (
            history,  # noqa: F401  (history pages)
            services,  # noqa: F401  (registers audit actions)
        )

        post_migrate.connect(_ensure_search_index, sender=self)


def _ensure_search_index(sender: object, using: str = "default", **kwargs: object) -> None:
    """Django rebuilds tables on SQLite for many ALTERs, dropping their triggers."""
    from django.db import connections

    from .search_index import ensure

    ensure(connections[using])
