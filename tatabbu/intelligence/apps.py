from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntelligenceConfig(AppConfig):
    name = "tatabbu.intelligence"
    label = "intelligence"
    verbose_name = _("Intelligence")

    def ready(self) -> None:
        from tatabbu.recommendations.hooks import register_after_import

        from . import hooks, services  # noqa: F401  (services registers audit actions)

        register_after_import(hooks.suggest_after_import)
