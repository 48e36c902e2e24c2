from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "tatabbu.followup"
    label = "followup"
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        from . import (  # noqa: F401  (registrations: audit actions, documents, history, scoping)
            access,
            history,
            hooks,
            services,
        )

        hooks.connect()
