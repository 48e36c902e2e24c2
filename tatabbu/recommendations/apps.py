from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "tatabbu.recommendations"
    label = "recommendations"
    verbose_name = _("Recommendations")

    def ready(self) -> None:
        from . import (
            history,  # noqa: F401  (history pages)
            services,  # noqa: F401  (registers audit actions)
        )
