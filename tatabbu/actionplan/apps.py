from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionPlanConfig(AppConfig):
    name = "tatabbu.actionplan"
    label = "actionplan"
    verbose_name = _("Action plans")

    def ready(self) -> None:
        from . import (
            history,  # noqa: F401  (history pages)
            services,  # noqa: F401  (registers audit actions)
        )
