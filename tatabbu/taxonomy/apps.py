from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "tatabbu.taxonomy"
    label = "taxonomy"
    verbose_name = _("Vocabularies")

    def ready(self) -> None:
        from . import services  # noqa: F401  (registers audit actions)
