"""Writes of the call for projects. Every one is audited; refusals raise ServiceError (or
PermissionDenied) and change nothing."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tatabbu.accounts.choices import Role
from tatabbu.accounts.models import User
from tatabbu.accounts.services import user_create
from tatabbu.audit.registry import register_actions
from tatabbu.audit.trail import record, service, snapshot
from tatabbu.core.concurrency import bump_version
from tatabbu.core.exceptions import ServiceError
from tatabbu.core.publication import announce_publication
from tatabbu.core.workflow import REVIEW_WORKFLOW, ReviewStatus, Transition, Workflow
from tatabbu.documents.services import document_delete, document_store

from .choices import ApplicationStatus, CallStatus
from .models import (
    Application,
    Association,
    Attachment,
    BudgetLine,
    Call,
    Notification,
    ProjectReport,
    RequiredDocument,
    Review,
    RubricCriterion,
    Score,
)
from .permissions import can_manage_calls, is_association, is_reviewer

register_actions(
    {
        "call.create": _("Call for projects created"),
        "call.update": _("Call for projects changed"),
        "call.publish": _("Call for projects published"),
        "association.register": _("Association registered"),
        "application.create": _("Application started"),
        "application.update": _("Application changed"),
        "application.attach": _("Document attached to an application"),
        "application.detach": _("Document removed from an application"),
        "application.submit": _("Application submitted"),
        "application.screen": _("Application screened for eligibility"),
        "application.decide": _("Funding decision taken"),
        "review.declare": _("Conflict-of-interest declaration"),
        "review.score": _("Application scored"),
        "report.create": _("Project report started"),
        "report.update": _("Project report changed"),
        "report.attach": _("Document attached to a project report"),
        "report.submit": _("Project report submitted"),
        "report.validate": _("Project report validated"),
        "report.return": _("Project report returned"),
    }
)

APPLICATION_PURPOSE = "calls.application"
REPORT_PURPOSE = "calls.report"

APPLICATION_WORKFLOW = Workflow(
    [
        Transition("submit", frozenset({ApplicationStatus.DRAFT}), ApplicationStatus.SUBMITTED),
        Transition(
            "screen_eligible", frozenset({ApplicationStatus.SUBMITTED}), ApplicationStatus.ELIGIBLE
        ),
        Transition(
            "screen_ineligible",
            frozenset({ApplicationStatus.SUBMITTED}),
            ApplicationStatus.INELIGIBLE,
        ),
        Transition("fund", frozenset({ApplicationStatus.ELIGIBLE}), ApplicationStatus.FUNDED),
        Transition("decline", frozenset({ApplicationStatus.ELIGIBLE}), ApplicationStatus.DECLINED),
    ]
)

CALL_FIELDS = [
    "reference",
    "title_ar",
    "title_fr",
    "title_en",
    "description_ar",
    "description_fr",
    "description_en",
    "eligibility_ar",
    "eligibility_fr",
    "eligibility_en",
    "budget_envelope",
    "currency",
    "opens_at",
    "closes_at",
]
APPLICATION_FIELDS = [
    "project_title",
    "summary",
    "objectives",
    "beneficiaries",
    "duration_months",
    "language",
]
REPORT_FIELDS = ["period", "text", "amount_spent"]


def _require(check: bool) -> None:
    if not check:
        raise PermissionDenied


# --- Calls ----------------------------------------------------------------------------------


def _set_rubric(call: Call, criteria: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    call.criteria.all().delete()
    rows = []
    for position, data in enumerate(criteria):
        criterion = RubricCriterion(call=call, position=position, **data)
        criterion.full_clean(exclude=["call"])
        rows.append(criterion)
    RubricCriterion.objects.bulk_create(rows)
    return [
        {
            "label": row.label_fr or row.label_ar or row.label_en,
            "weight": row.weight,
            "max": row.max_score,
        }
        for row in rows
    ]


def _set_required_documents(call: Call, documents: Iterable[dict[str, Any]]) -> list[str]:
    call.required_documents.all().delete()
    rows = [
        RequiredDocument(call=call, position=position, **data)
        for position, data in enumerate(documents)
    ]
    RequiredDocument.objects.bulk_create(rows)
    return [row.label_fr or row.label_ar or row.label_en for row in rows]


@service
def call_create(
    *,
    actor: Any,
    themes: Iterable[Any] = (),
    criteria: Iterable[dict[str, Any]] = (),
    required_documents: Iterable[dict[str, Any]] = (),
    **fields: Any,
) -> Call:
    """Create a draft call with its rubric (criteria: label_ar/fr/en, weight, max_score) and
    the documents applicants must attach."""
    _require(can_manage_calls(actor))
    call = Call(created_by=actor, **{name: fields.get(name, "") for name in fields})
    call.full_clean()
    call.save()
    call.themes.set(list(themes))
    rubric = _set_rubric(call, criteria)
    documents = _set_required_documents(call, required_documents)
    record(
        actor=actor,
        action="call.create",
        target=call,
        after={
            **snapshot(call, [*CALL_FIELDS, "themes"]),
            "criteria": rubric,
            "required_documents": documents,
        },
    )
    return call


@service
def call_update(
    *,
    actor: Any,
    call: Call,
    version: int,
    themes: Iterable[Any] | None = None,
    criteria: Iterable[dict[str, Any]] | None = None,
    required_documents: Iterable[dict[str, Any]] | None = None,
    **fields: Any,
) -> Call:
    """Change a call; the rubric and the required documents are frozen once it is published
    (reviews refer to them)."""
    _require(can_manage_calls(actor))
    if call.is_published and (criteria is not None or required_documents is not None):
        raise ServiceError(
            _("The rubric and required documents of a published call cannot change."),
            code="call_published",
        )
    unknown = set(fields) - set(CALL_FIELDS)
    if unknown:
        raise ServiceError(_("These fields cannot be changed here."), code="unknown_fields")
    before = snapshot(call, [*CALL_FIELDS, "themes"])
    for name, value in fields.items():
        setattr(call, name, value)
    call.full_clean()
    bump_version(call, expected_version=version, fields=list(fields))
    if themes is not None:
        call.themes.set(list(themes))
    after: dict[str, Any] = snapshot(call, [*CALL_FIELDS, "themes"])
    if criteria is not None:
        after["criteria"] = _set_rubric(call, criteria)
    if required_documents is not None:
        after["required_documents"] = _set_required_documents(call, required_documents)
    record(actor=actor, action="call.update", target=call, before=before, after=after)
    return call


@service
def call_publish(*, actor: Any, call: Call, version: int) -> Call:
    """Publish a draft call: associations can then apply between its opening and closing."""
    _require(can_manage_calls(actor))
    if call.is_published:
        raise ServiceError(_("This call is already published."), code="already_published")
    if not call.criteria.exists():
        raise ServiceError(
            _("Add at least one scoring criterion before publishing."), code="no_rubric"
        )
    if not (call.title_ar or call.title_fr or call.title_en):
        raise ServiceError(_("Give the call a title before publishing."), code="no_title")
    call.status = CallStatus.PUBLISHED
    call.published_at = timezone.now()
    bump_version(call, expected_version=version, fields=["status", "published_at"])
    record(
        actor=actor,
        action="call.publish",
        target=call,
        before={"status": CallStatus.DRAFT},
        after={"status": CallStatus.PUBLISHED},
    )
    announce_publication()
    return call


# --- Associations ---------------------------------------------------------------------------


@service
def association_register(
    *,
    name: str,
    registration_number: str,
    contact_name: str,
    email: str,
    password: str,
    phone: str = "",
    preferred_language: str = "ar",
) -> Association:
    """Self-registration of an association: an inactive account (role ``association``) that the
    e-mail verification link activates (accounts.verification)."""
    email = email.strip().lower()
    registration_number = registration_number.strip()
    if Association.objects.filter(registration_number__iexact=registration_number).exists():
        raise ValidationError(
            {
                "registration_number": _(
                    "An association with this registration number already has an account. "
                    "Contact the Delegation if you need access."
                )
            },
            code="registration_number_taken",
        )
    if User.objects.filter(username__iexact=email).exists():
        raise ServiceError(_("An account with this e-mail address exists."), code="email_taken")
    first_name, _sep, last_name = contact_name.strip().partition(" ")
    try:
        validate_password(password, User(username=email, email=email, first_name=first_name))
    except ValidationError as error:
        raise ValidationError({"password": error.messages}, code="password_invalid") from error
    user = user_create(
        actor=None,
        username=email,
        role=Role.ASSOCIATION,
        email=email,
        first_name=first_name[:150],
        last_name=last_name[:150],
        password=password,
        preferred_language=preferred_language,
    )
    user.is_active = False
    user.save(update_fields=["is_active"])
    association = Association(
        user=user,
        name=name.strip(),
        registration_number=registration_number,
        contact_name=contact_name.strip(),
        email=email,
        phone=phone.strip(),
    )
    association.full_clean()
    association.save()
    record(
        actor=user,
        action="association.register",
        target=association,
        after=snapshot(association, ["name", "registration_number", "contact_name", "email"]),
    )
    return association


@service
def association_profile_create(
    *,
    actor: Any,
    user: User,
    name: str,
    registration_number: str,
    contact_name: str,
    phone: str = "",
) -> Association:
    """Give an existing ``association`` account its organisation profile (administrators and
    the demo data; self-registered associations get theirs at sign-up)."""
    _require(actor is None or can_manage_calls(actor))
    if user.role != Role.ASSOCIATION:
        raise ServiceError(_("This account is not an association's."), code="not_association")
    association = Association(
        user=user,
        name=name,
        registration_number=registration_number,
        contact_name=contact_name,
        email=user.email,
        phone=phone,
    )
    association.full_clean()
    association.save()
    record(
        actor=actor,
        action="association.register",
        target=association,
        after=snapshot(association, ["name", "registration_number", "contact_name", "email"]),
    )
    return association


# --- Applications ---------------------------------------------------------------------------


def _own_application(actor: Any, application: Application) -> None:
    _require(is_association(actor) and application.association.user_id == actor.pk)


def _editable(application: Application) -> None:
    if application.status != ApplicationStatus.DRAFT:
        raise ServiceError(
            _("Only a draft application can be changed."), code="application_not_draft"
        )


def _check_open(call: Call) -> None:
    if not call.is_open():
        raise ServiceError(
            _("This call is not open: applications are accepted only until its closing date."),
            code="call_closed",
        )


def _set_budget_lines(application: Application, lines: Iterable[dict[str, Any]]) -> list[Any]:
    application.budget_lines.all().delete()
    rows = []
    for position, data in enumerate(lines):
        line = BudgetLine(application=application, position=position, **data)
        line.full_clean(exclude=["application"])
        rows.append(line)
    BudgetLine.objects.bulk_create(rows)
    return [[row.label, row.amount, row.co_funding] for row in rows]


@service
def application_create(
    *,
    actor: Any,
    call: Call,
    project_title: str,
    budget_lines: Iterable[dict[str, Any]] = (),
    **fields: Any,
) -> Application:
    """Start a draft application of the actor's association to an open call (one per call)."""
    _require(is_association(actor))
    _check_open(call)
    association = actor.association_profile
    if Application.objects.filter(call=call, association=association).exists():
        raise ServiceError(
            _("Your association already has an application to this call."),
            code="already_applied",
        )
    application = Application(
        call=call, association=association, project_title=project_title, **fields
    )
    application.full_clean()
    application.save()
    lines = _set_budget_lines(application, budget_lines)
    record(
        actor=actor,
        action="application.create",
        target=application,
        after={**snapshot(application, APPLICATION_FIELDS), "budget_lines": lines},
    )
    return application


@service
def application_update(
    *,
    actor: Any,
    application: Application,
    version: int,
    budget_lines: Iterable[dict[str, Any]] | None = None,
    **fields: Any,
) -> Application:
    """Change a draft application (its owner only); refuses a stale ``version``."""
    _own_application(actor, application)
    _editable(application)
    unknown = set(fields) - set(APPLICATION_FIELDS)
    if unknown:
        raise ServiceError(_("These fields cannot be changed here."), code="unknown_fields")
    before = snapshot(application, APPLICATION_FIELDS)
    before["budget_lines"] = [
        [line.label, line.amount, line.co_funding] for line in application.budget_lines.all()
    ]
    for name, value in fields.items():
        setattr(application, name, value)
    application.full_clean()
    bump_version(application, expected_version=version, fields=list(fields))
    after = snapshot(application, APPLICATION_FIELDS)
    after["budget_lines"] = (
        _set_budget_lines(application, budget_lines)
        if budget_lines is not None
        else before["budget_lines"]
    )
    record(actor=actor, action="application.update", target=application, before=before, after=after)
    return application


@service
def application_attachment_add(
    *,
    actor: Any,
    application: Application,
    uploaded_file: Any,
    required_document: RequiredDocument | None = None,
    language: str = "",
) -> Attachment:
    """Attach a file to a draft application (checked and stored by the documents app)."""
    _own_application(actor, application)
    _editable(application)
    if required_document is not None and required_document.call_id != application.call_id:
        raise PermissionDenied
    document = document_store(
        actor=actor, uploaded_file=uploaded_file, purpose=APPLICATION_PURPOSE, language=language
    )
    attachment = Attachment.objects.create(
        application=application, document=document, required_document=required_document
    )
    record(
        actor=actor,
        action="application.attach",
        target=application,
        after={"document": str(document.uuid), "name": document.original_name},
    )
    return attachment


@service
def application_attachment_remove(
    *, actor: Any, application: Application, attachment: Attachment
) -> None:
    _own_application(actor, application)
    _editable(application)
    if attachment.application_id != application.pk or attachment.report_id is not None:
        raise PermissionDenied
    document = attachment.document
    record(
        actor=actor,
        action="application.detach",
        target=application,
        before={"document": str(document.uuid), "name": document.original_name},
    )
    attachment.delete()
    document_delete(actor=actor, document=document)


@service
def application_submit(*, actor: Any, application: Application, version: int) -> Application:
    """Submit a draft before the call closes (checked here, whatever the page showed), with a
    budget and every required document attached."""
    _own_application(actor, application)
    transition = APPLICATION_WORKFLOW.check(application.status, "submit")
    _check_open(application.call)
    if not application.budget_lines.exists():
        raise ServiceError(_("Add at least one budget line."), code="no_budget")
    attached = set(
        application.attachments.exclude(required_document=None).values_list(
            "required_document_id", flat=True
        )
    )
    missing = [
        str(required.label)
        for required in application.call.required_documents.all()
        if required.pk not in attached
    ]
    if missing:
        raise ServiceError(
            _("Attach the required documents: %(names)s.") % {"names": "; ".join(missing)},
            code="missing_documents",
        )
    application.status = transition.target
    application.submitted_at = timezone.now()
    bump_version(application, expected_version=version, fields=["status", "submitted_at"])
    record(
        actor=actor,
        action="application.submit",
        target=application,
        before={"status": ApplicationStatus.DRAFT},
        after={"status": transition.target},
    )
    _notify(
        application,
        _("Your application “%(title)s” was received"),
        _(
            "The Delegation received your application to the call “%(call)s”. It will first "
            "be screened for eligibility; you will be told the result."
        ),
    )
    return application


@service
def application_screen(
    *, actor: Any, application: Application, version: int, eligible: bool, reason: str = ""
) -> Application:
    """Eligibility screening by the DIDH: eligible, or not eligible with a reason."""
    _require(can_manage_calls(actor))
    reason = reason.strip()
    if not eligible and not reason:
        raise ValidationError(
            {"reason": _("Give the reason why the application is not eligible.")},
            code="reason_required",
        )
    step = "screen_eligible" if eligible else "screen_ineligible"
    transition = APPLICATION_WORKFLOW.check(application.status, step)
    before = {"status": application.status}
    application.status = transition.target
    application.screening_reason = reason
    application.screened_at = timezone.now()
    bump_version(
        application,
        expected_version=version,
        fields=["status", "screening_reason", "screened_at"],
    )
    record(
        actor=actor,
        action="application.screen",
        target=application,
        before=before,
        after={"status": transition.target, "reason": reason},
    )
    if eligible:
        _notify(
            application,
            _("Your application “%(title)s” is eligible"),
            _("Your application to the call “%(call)s” is eligible and goes to the reviewers."),
        )
    else:
        _notify(
            application,
            _("Your application “%(title)s” is not eligible"),
            _("Your application to the call “%(call)s” is not eligible. Reason: %(reason)s"),
            reason=reason,
        )
    return application


# --- Reviews ----------------------------------------------------------------------------------


def _reviewable(actor: Any, application: Application) -> None:
    _require(is_reviewer(actor))
    if application.status != ApplicationStatus.ELIGIBLE:
        raise ServiceError(
            _("Only eligible applications awaiting a decision are reviewed."),
            code="not_reviewable",
        )


@service
def review_declare(
    *, actor: Any, application: Application, has_conflict: bool, reason: str = ""
) -> Review:
    """A reviewer's conflict-of-interest declaration, required before scoring and final."""
    _reviewable(actor, application)
    if Review.objects.filter(application=application, reviewer=actor).exists():
        raise ServiceError(
            _("You have already made your declaration for this application."),
            code="already_declared",
        )
    if has_conflict and not reason.strip():
        raise ValidationError(
            {"reason": _("Describe the conflict of interest.")}, code="reason_required"
        )
    review = Review.objects.create(
        application=application,
        reviewer=actor,
        has_conflict=has_conflict,
        conflict_reason=reason.strip() if has_conflict else "",
    )
    record(
        actor=actor,
        action="review.declare",
        target=application,
        after={"has_conflict": has_conflict, "reason": review.conflict_reason},
    )
    return review


@service
def review_score(
    *,
    actor: Any,
    application: Application,
    scores: dict[int, tuple[int, str]],
    comment: str = "",
    version: int | None = None,
) -> Review:
    """Score every criterion of the call's rubric (0…max). Refused without a "no conflict"
    declaration, and always refused on an application the reviewer declared a conflict on."""
    _reviewable(actor, application)
    review = Review.objects.filter(application=application, reviewer=actor).first()
    if review is None:
        raise ServiceError(
            _("Declare whether you have a conflict of interest before scoring."),
            code="declaration_required",
        )
    if review.has_conflict:
        raise PermissionDenied(gettext("You declared a conflict of interest on this application."))
    criteria = list(application.call.criteria.all())
    if set(scores) != {criterion.pk for criterion in criteria}:
        raise ValidationError(
            {"scores": _("Score every criterion of the rubric.")}, code="incomplete"
        )
    errors = {}
    for criterion in criteria:
        value = scores[criterion.pk][0]
        if value is None or not 0 <= value <= criterion.max_score:
            errors[f"score_{criterion.pk}"] = _("Between 0 and %(max)s.") % {
                "max": criterion.max_score
            }
    if errors:
        raise ValidationError(errors, code="out_of_range")
    before = {str(score.criterion_id): score.score for score in review.scores.all()}
    review.scores.all().delete()
    Score.objects.bulk_create(
        Score(
            review=review,
            criterion=criterion,
            score=scores[criterion.pk][0],
            comment=scores[criterion.pk][1] or "",
        )
        for criterion in criteria
    )
    review.comment = comment
    review.submitted_at = timezone.now()
    bump_version(
        review,
        expected_version=review.version if version is None else version,
        fields=["comment", "submitted_at"],
    )
    record(
        actor=actor,
        action="review.score",
        target=application,
        before=before or None,
        after={str(criterion.pk): scores[criterion.pk][0] for criterion in criteria},
    )
    return review


# --- Decisions ----------------------------------------------------------------------------------


@service
def application_decide(
    *,
    actor: Any,
    application: Application,
    version: int,
    fund: bool,
    amount: Decimal | None = None,
    note: str = "",
) -> Application:
    """Fund (with an amount) or decline an eligible application. The funded total of the call
    never exceeds its envelope: checked here, with the call's row locked (PostgreSQL) or the
    write transaction serialised (SQLite, IMMEDIATE)."""
    _require(can_manage_calls(actor))
    transition = APPLICATION_WORKFLOW.check(application.status, "fund" if fund else "decline")
    call = Call.objects.select_for_update().get(pk=application.call_id)
    if fund:
        requested = application.requested_amount
        if amount is None or amount <= 0:
            raise ValidationError({"amount": _("Give the amount granted.")}, code="amount_required")
        if amount > requested:
            raise ValidationError(
                {"amount": _("The amount granted cannot exceed the amount requested.")},
                code="above_request",
            )
        from .selectors import call_funded_total

        funded = call_funded_total(call=call)
        if funded + amount > call.budget_envelope:
            raise ServiceError(
                _(
                    "This grant would exceed the call's budget envelope: %(left)s %(currency)s "
                    "are left."
                )
                % {"left": call.budget_envelope - funded, "currency": call.currency},
                code="envelope_exceeded",
            )
    application.status = transition.target
    application.granted_amount = amount if fund else None
    application.decision_note = note.strip()
    application.decided_at = timezone.now()
    bump_version(
        application,
        expected_version=version,
        fields=["status", "granted_amount", "decision_note", "decided_at"],
    )
    record(
        actor=actor,
        action="application.decide",
        target=application,
        before={"status": ApplicationStatus.ELIGIBLE},
        after={"status": transition.target, "granted_amount": application.granted_amount},
    )
    if fund:
        _notify(
            application,
            _("Your project “%(title)s” is funded"),
            _(
                "The Delegation decided to fund your project under the call “%(call)s” with "
                "%(amount)s %(currency)s. You will report on it through Tatabbu."
            ),
            amount=amount,
            currency=call.currency,
        )
    else:
        _notify(
            application,
            _("Decision on your application “%(title)s”"),
            _(
                "Your application to the call “%(call)s” was not selected for funding. "
                "Thank you for your proposal."
            ),
        )
    return application


# --- Project reports ------------------------------------------------------------------------------


def _own_report(actor: Any, report: ProjectReport) -> None:
    _own_application(actor, report.application)


@service
def report_create(
    *, actor: Any, application: Application, kind: str, **fields: Any
) -> ProjectReport:
    """Start a narrative or financial report on a funded project (its association only)."""
    _own_application(actor, application)
    if application.status != ApplicationStatus.FUNDED:
        raise ServiceError(_("Only funded projects report."), code="not_funded")
    report = ProjectReport(application=application, kind=kind, **fields)
    report.full_clean()
    report.save()
    record(
        actor=actor,
        action="report.create",
        target=report,
        after=snapshot(report, ["kind", *REPORT_FIELDS]),
    )
    return report


@service
def report_update(
    *, actor: Any, report: ProjectReport, version: int, **fields: Any
) -> ProjectReport:
    _own_report(actor, report)
    if report.status not in {ReviewStatus.DRAFT, ReviewStatus.RETURNED}:
        raise ServiceError(_("Only a draft or returned report can be changed."), code="not_draft")
    if set(fields) - set(REPORT_FIELDS):
        raise ServiceError(_("These fields cannot be changed here."), code="unknown_fields")
    before = snapshot(report, REPORT_FIELDS)
    for name, value in fields.items():
        setattr(report, name, value)
    report.full_clean()
    bump_version(report, expected_version=version, fields=list(fields))
    record(
        actor=actor,
        action="report.update",
        target=report,
        before=before,
        after=snapshot(report, REPORT_FIELDS),
    )
    return report


@service
def report_attachment_add(
    *, actor: Any, report: ProjectReport, uploaded_file: Any, language: str = ""
) -> Attachment:
    _own_report(actor, report)
    if report.status not in {ReviewStatus.DRAFT, ReviewStatus.RETURNED}:
        raise ServiceError(_("Only a draft or returned report can be changed."), code="not_draft")
    document = document_store(
        actor=actor, uploaded_file=uploaded_file, purpose=REPORT_PURPOSE, language=language
    )
    attachment = Attachment.objects.create(
        application=report.application, report=report, document=document
    )
    record(
        actor=actor,
        action="report.attach",
        target=report,
        after={"document": str(document.uuid), "name": document.original_name},
    )
    return attachment


def _report_step(
    actor: Any, report: ProjectReport, version: int, step: str, reason: str = ""
) -> ProjectReport:
    transition = REVIEW_WORKFLOW.check(report.status, step)
    before = {"status": report.status}
    report.status = transition.target
    fields = ["status"]
    if step == "submit":
        report.submitted_at = timezone.now()
        fields.append("submitted_at")
    if step == "return":
        report.return_reason = reason
        fields.append("return_reason")
    bump_version(report, expected_version=version, fields=fields)
    record(
        actor=actor,
        action=f"report.{step}",
        target=report,
        before=before,
        after={"status": transition.target, **({"reason": reason} if reason else {})},
    )
    return report


@service
def report_submit(*, actor: Any, report: ProjectReport, version: int) -> ProjectReport:
    _own_report(actor, report)
    return _report_step(actor, report, version, "submit")


@service
def report_validate(*, actor: Any, report: ProjectReport, version: int) -> ProjectReport:
    _require(can_manage_calls(actor))
    report = _report_step(actor, report, version, "validate")
    _notify(
        report.application,
        _("Your report on “%(title)s” is validated"),
        _("The Delegation validated your report on the project funded under “%(call)s”."),
    )
    return report


@service
def report_return(*, actor: Any, report: ProjectReport, version: int, reason: str) -> ProjectReport:
    _require(can_manage_calls(actor))
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Say what the association should change.")}, code="reason_required"
        )
    report = _report_step(actor, report, version, "return", reason.strip())
    _notify(
        report.application,
        _("Your report on “%(title)s” was returned"),
        _("The Delegation returned your report on “%(call)s” for changes: %(reason)s"),
        reason=reason.strip(),
    )
    return report


# --- Notifications ------------------------------------------------------------------------------


def _notify(application: Application, subject: Any, body: Any, **params: Any) -> None:
    """An in-app notification and an e-mail (sent once the transaction commits), in the
    applicant's language. Written inside the calling service (covered by its audit event)."""
    user = application.association.user
    with translation.override(user.preferred_language):
        values = {
            "title": application.project_title,
            "call": str(application.call.title),
            **{key: str(value) for key, value in params.items()},
        }
        subject_text = str(subject) % values
        body_text = str(body) % values
    Notification.objects.create(
        recipient=user, application=application, subject=subject_text, body=body_text
    )
    address = application.association.email or user.email
    if address:
        transaction.on_commit(
            lambda: send_mail(subject_text, body_text, None, [address], fail_silently=True)
        )
