from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    name = "tatabbu.institutions"
    label = "institutions"
    verbose_name = _("Institutions")

    def ready(self) -> None:
        from . import (
            history,  # noqa: F401  (history pages)
            services,  # noqa: F401  (registers audit actions)
        )
