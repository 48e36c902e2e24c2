from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "tatabbu.calls"
    verbose_name = _("Calls for projects")

    def ready(self) -> None:
        from . import access, history, services  # noqa: F401  (registrations)
