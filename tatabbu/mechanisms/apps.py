from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MechanismsConfig(AppConfig):
    name = "tatabbu.mechanisms"
    label = "mechanisms"
    verbose_name = _("UN mechanisms")

    def ready(self) -> None:
        from . import services  # noqa: F401  (registers audit actions)
