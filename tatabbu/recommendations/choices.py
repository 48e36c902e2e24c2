from django.db import models
from django.utils.translation import gettext_lazy as _


class Position(models.TextChoices):
    """The State's position on a recommendation (UPR: supported / noted)."""

    SUPPORTED = "supported", _("Supported")
    NOTED = "noted", _("Noted")
    PENDING = "pending", _("Pending (to be examined)")
    OUTSIDE_MANDATE = "outside_mandate", _("Outside the mandate")


class DocumentType(models.TextChoices):
    UPR_REPORT = "upr_report", _("UPR Working Group report")
    UPR_ADDENDUM = "upr_addendum", _("UPR addendum (State's views)")
    CONCLUDING_OBSERVATIONS = "concluding_observations", _("Concluding observations")
    VISIT_REPORT = "visit_report", _("Country visit report")
    LIST_OF_ISSUES = "list_of_issues", _("List of issues")
    VIEWS = "views", _("Views on an individual communication")
    OTHER = "other", _("Other document")


class ImplementationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    PARTIALLY_IMPLEMENTED = "partially_implemented", _("Partially implemented")
    IMPLEMENTED = "implemented", _("Implemented")


class ActionCategory(models.IntegerChoices):
    """UPR Info's action scale (1 = minimal action … 5 = specific action)."""

    MINIMAL = 1, _("1 — minimal action")
    CONTINUING = 2, _("2 — continuing action")
    CONSIDERING = 3, _("3 — considering action")
    GENERAL = 4, _("4 — general action")
    SPECIFIC = 5, _("5 — specific action")


class ImportFormat(models.TextChoices):
    UPR_INFO = "upr-info", _("UPR Info database (CSV)")
    UHRI = "uhri", _("OHCHR UHRI export or thematic list")
    UPR_REPORT = "upr-report", _("UPR Working Group report (plain text)")
    DIDH = "didh", _("DIDH tracker (CSV)")
    CSV = "csv", _("Tatabbu template (CSV)")
    XLSX = "xlsx", _("Tatabbu template (Excel)")
    JSON = "json", _("Tatabbu template (JSON)")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    INVALID = "invalid", _("Refused: invalid rows")
    FAILED = "failed", _("Failed")


class SortOrder(models.TextChoices):
    """Orders of a recommendation list (the ``sort`` URL parameter)."""

    RELEVANCE = "relevance", _("Relevance")
    NEWEST = "newest", _("Newest first")
    OLDEST = "oldest", _("Oldest first")
    PARAGRAPH = "paragraph", _("Document and paragraph")
