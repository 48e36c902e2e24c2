from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "tatabbu.documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from . import services  # noqa: F401  (registers the audit action codes)
