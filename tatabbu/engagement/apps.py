from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "tatabbu.engagement"
    verbose_name = _("Engagement with the UN mechanisms")

    def ready(self) -> None:
        from . import access, relations, services  # noqa: F401  (registrations)
