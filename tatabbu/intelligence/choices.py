from django.db import models
from django.utils.translation import gettext_lazy as _


class Task(models.TextChoices):
    """What a model predicts. Codes are those of ``ml.datasets``."""

    UPR_ISSUES = "upr-issues", _("UPR Info issues")
    UPR_ACTION = "upr-action", _("Action category")
    UHRI_THEMES = "uhri-themes", _("Themes")
    UHRI_PERSONS = "uhri-persons", _("Groups of persons")
    UHRI_SDG = "uhri-sdg", _("SDG goals")
    INSTITUTION = "institution", _("Institution in charge")


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
