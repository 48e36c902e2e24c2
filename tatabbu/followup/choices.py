from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    SUSPENDED = "suspended", _("Suspended")
    CANCELLED = "cancelled", _("Cancelled")


class IndicatorKind(models.TextChoices):
    """The OHCHR indicator framework's three kinds."""

    STRUCTURE = "structure", _("Structure")
    PROCESS = "process", _("Process")
    OUTCOME = "outcome", _("Outcome")


class ReminderKind(models.TextChoices):
    DEADLINE_NEAR = "deadline_near", _("Deadline approaching")
    OVERDUE = "overdue", _("Overdue")
    DIGEST = "digest", _("Weekly digest")
