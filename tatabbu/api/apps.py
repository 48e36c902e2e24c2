from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "tatabbu.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        # Implementation data of exchange documents is stored by the follow-up app (a lower
        # layer: the api app imports it, not the reverse).
        from tatabbu.followup.services import imported_implementations_store

        from .exchange import register_implementation_importer

        register_implementation_importer(
            lambda records, actor: imported_implementations_store(actor=actor, records=records)
        )
