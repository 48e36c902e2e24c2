from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "tatabbu.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        # The public status and progress of recommendations come from the follow-up app's
        # published updates (portal is the higher layer: it imports follow-up, not the reverse).
        from tatabbu.core.publication import listen_publication
        from tatabbu.followup.public import (
            published_statuses,
            published_updates,
            published_updates_many,
            recommendations_with_public_status,
        )

        from .selectors import PublicFollowUp, register_public_follow_up
        from .services import _publication_listener

        listen_publication(_publication_listener)

        register_public_follow_up(
            PublicFollowUp(
                statuses=published_statuses,
                updates=published_updates,
                having_status=recommendations_with_public_status,
                updates_many=published_updates_many,
            )
        )
