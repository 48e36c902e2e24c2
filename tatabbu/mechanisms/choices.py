from django.db import models
from django.utils.translation import gettext_lazy as _


class MechanismKind(models.TextChoices):
    UPR = "upr", _("Universal Periodic Review")
    TREATY_BODY = "treaty_body", _("Treaty body")
    SPECIAL_PROCEDURE = "special_procedure", _("Special procedure")


class TreatyKind(models.TextChoices):
    CORE = "core", _("Core treaty")
    OPTIONAL_PROTOCOL = "optional_protocol", _("Optional protocol")


class TreatyStatus(models.TextChoices):
    RATIFIED = "ratified", _("Ratified")
    ACCEDED = "acceded", _("Acceded")
    SIGNED = "signed", _("Signed")
    NOT_PARTY = "not_party", _("Not party")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
