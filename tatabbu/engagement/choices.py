from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportType(models.TextChoices):
    INITIAL = "initial", _("Initial report")
    PERIODIC = "periodic", _("Periodic report")
    COMBINED = "combined", _("Combined periodic reports")
    LOIPR_REPLIES = "loipr_replies", _("Replies to the list of issues prior to reporting")
    ADDITIONAL_INFORMATION = "additional_information", _("Additional information")
    UPR_NATIONAL = "upr_national", _("UPR national report")


class Procedure(models.TextChoices):
    SIMPLIFIED = "simplified", _("Simplified reporting procedure (LOIPR)")
    STANDARD = "standard", _("Standard procedure (list of issues)")
    UPR = "upr", _("Universal Periodic Review")
    ON_REQUEST = "on_request", _("On the committee's request")


class CycleStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    IN_PREPARATION = "in_preparation", _("In preparation")
    SUBMITTED = "submitted", _("Submitted")
    REVIEWED = "reviewed", _("Reviewed")


class FollowUpGrade(models.TextChoices):
    A = "A", _("A — satisfactory")
    B = "B", _("B — partially satisfactory")
    C = "C", _("C — not satisfactory")
    D = "D", _("D — no reply")
    E = "E", _("E — measures contrary to the recommendation")


class DeadlineKind(models.TextChoices):
    """What a calendar entry marks."""

    LOIPR = "loipr", _("List of issues prior to reporting")
    REPORT_DUE = "report_due", _("Report due")
    REPORT_SUBMITTED = "report_submitted", _("Report submitted")
    DIALOGUE = "dialogue", _("Constructive dialogue")
    CONCLUDING_OBSERVATIONS = "concluding_observations", _("Concluding observations")
    FOLLOW_UP_DUE = "follow_up_due", _("Follow-up information due")
    UPR_REVIEW = "upr_review", _("UPR review")
    UPR_MID_TERM = "upr_mid_term", _("UPR mid-term report due")
    OBSERVATIONS_DUE = "observations_due", _("State observations due (communication)")
    COMMUNICATION_FOLLOW_UP_DUE = (
        "communication_follow_up_due",
        _("Follow-up reply due (communication)"),
    )
    REPLY_DUE = "reply_due", _("Reply due (special procedures)")
    QUESTIONNAIRE_DUE = "questionnaire_due", _("Questionnaire answer due")
    EVENT = "event", _("Event")
    CONTRIBUTION_DUE = "contribution_due", _("Contribution due")


class Admissibility(models.TextChoices):
    PENDING = "pending", _("Pending")
    ADMISSIBLE = "admissible", _("Admissible")
    INADMISSIBLE = "inadmissible", _("Inadmissible")
    JOINED = "joined", _("Examined together with the merits")


class CommunicationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    OBSERVATIONS_SUBMITTED = "observations_submitted", _("State observations submitted")
    DECIDED = "decided", _("Decided")
    FOLLOW_UP = "follow_up", _("Under follow-up")
    CLOSED = "closed", _("Closed")
    DISCONTINUED = "discontinued", _("Discontinued")


class Outcome(models.TextChoices):
    NONE = "", _("No decision yet")
    VIOLATION = "violation", _("Views: violation")
    NO_VIOLATION = "no_violation", _("Views: no violation")
    INADMISSIBLE = "inadmissible", _("Inadmissible")
    DISCONTINUED = "discontinued", _("Discontinued")


class SpecialProcedureCommunicationKind(models.TextChoices):
    AL = "AL", _("Allegation letter (AL)")
    UA = "UA", _("Urgent appeal (UA)")
    JAL = "JAL", _("Joint allegation letter (JAL)")
    JUA = "JUA", _("Joint urgent appeal (JUA)")
    OL = "OL", _("Other letter (OL)")


class VisitStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    SCHEDULED = "scheduled", _("Scheduled")
    COMPLETED = "completed", _("Visit completed")
    REPORTED = "reported", _("Report presented")


class QuestionnaireStatus(models.TextChoices):
    OPEN = "open", _("Collecting answers")
    CONSOLIDATED = "consolidated", _("Answer consolidated")
    SENT = "sent", _("Answer sent")


class EventKind(models.TextChoices):
    HRC_SESSION = "hrc_session", _("Human Rights Council session")
    SIDE_EVENT = "side_event", _("Side event")
    SEMINAR = "seminar", _("Seminar")
    MEETING = "meeting", _("Meeting")
    WORKSHOP = "workshop", _("Workshop")
    VISIT = "visit", _("Visit")
    DIALOGUE = "dialogue", _("Dialogue with a body")


class DraftStatus(models.TextChoices):
    DRAFTING = "drafting", _("Drafting")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    APPROVED = "approved", _("Approved")


class SectionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
