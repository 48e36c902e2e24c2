from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DELAYED = "delayed", _("Delayed")
    COMPLETED = "completed", _("Completed")
    SUSPENDED = "suspended", _("Suspended")
    CANCELLED = "cancelled", _("Cancelled")


class PartnerKind(models.TextChoices):
    UN_ENTITY = "un_entity", _("United Nations entity")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
    INTERNATIONAL_NGO = "international_ngo", _("International non-governmental organisation")
    STATE = "state", _("State")
    NATIONAL_INSTITUTION = "national_institution", _("National institution or body")
    GOVERNMENT = "government", _("Government department")
    LOCAL_AUTHORITY = "local_authority", _("Local or regional authority")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    ACADEMIA = "academia", _("Academia")
    OTHER = "other", _("Other")


class ProjectNature(models.TextChoices):
    """The PANDDH's classification of its measures."""

    LEGISLATIVE_INSTITUTIONAL = "legislative_institutional", _("Legislative and institutional")
    COMMUNICATION_AWARENESS = "communication_awareness", _("Communication and awareness")
    CAPACITY_BUILDING = "capacity_building", _("Capacity building")


class IndicatorKind(models.TextChoices):
    STRUCTURE = "structure", _("Structure")
    PROCESS = "process", _("Process")
    OUTCOME = "outcome", _("Outcome")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
