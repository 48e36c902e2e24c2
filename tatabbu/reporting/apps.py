from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "tatabbu.reporting"
    label = "reporting"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from . import (
            registry,
            services,  # noqa: F401  (registers audit actions)
        )

        registry.autodiscover()
