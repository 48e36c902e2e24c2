from django.db import models
from django.utils.translation import gettext_lazy as _


class InstitutionKind(models.TextChoices):
    HEAD_OF_GOVERNMENT = "head_of_government", _("Head of Government")
    MINISTRY = "ministry", _("Ministry")
    DELEGATE_MINISTRY = "delegate_ministry", _("Delegate ministry")
    GENERAL_SECRETARIAT = "general_secretariat", _("General secretariat")
    DIRECTORATE = "directorate", _("Directorate or agency")
    NATIONAL_INSTITUTION = "national_institution", _("National institution")
    JUDICIAL = "judicial", _("Judicial authority")
    PARLIAMENT = "parliament", _("Parliament")
    INTERMINISTERIAL = "interministerial", _("Interministerial body")
    OTHER = "other", _("Other")
