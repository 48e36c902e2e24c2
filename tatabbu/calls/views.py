"""Screens of the call for projects: thin views over selectors and services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tatabbu.accounts.permissions import user_passes
from tatabbu.accounts.verification import send_existing_account_email, send_verification_email
from tatabbu.core.exceptions import ConflictError, ServiceError, TransitionError
from tatabbu.documents.inspection import AntivirusUnavailable, UploadRefused
from tatabbu.documents.services import document_refusal_record

from . import forms, selectors, services
from .choices import ApplicationStatus
from .models import Application, Call, ProjectReport
from .permissions import (
    can_manage_calls,
    can_see_all_submitted_applications,
    can_use_applications,
    can_view_calls,
    is_association,
    is_reviewer,
)

signed_in = user_passes(can_view_calls)
managers_only = user_passes(can_manage_calls)
overseers_only = user_passes(can_see_all_submitted_applications)
applications_users = user_passes(can_use_applications)
associations_only = user_passes(is_association)
reviewers_only = user_passes(is_reviewer)


def _error_status(error: Exception) -> int:
    return 409 if isinstance(error, ConflictError | TransitionError) else 400


def _messages_of(error: Exception) -> list[str]:
    if isinstance(error, ValidationError):
        return [str(message) for message in error.messages]
    return [str(getattr(error, "message", error))]


def _apply_errors(form: Any, error: Exception) -> None:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in _messages_of(error):
            form.add_error(None, message)


# --- Calls ---------------------------------------------------------------------------------------


@signed_in
def call_list(request: HttpRequest) -> HttpResponse:
    calls = selectors.call_list(user=request.user)
    return render(
        request,
        "calls/call_list.html",
        {"calls": calls, "can_manage": can_manage_calls(request.user), "now": timezone.now()},
    )


@signed_in
def call_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    call = selectors.call_get(user=request.user, uuid=uuid)
    own = None
    if is_association(request.user):
        own = selectors.application_list(user=request.user, call=call).first()
    context = {
        "call": call,
        "criteria": call.criteria.all(),
        "required_documents": call.required_documents.all(),
        "can_manage": can_manage_calls(request.user),
        "can_oversee": can_see_all_submitted_applications(request.user),
        "is_association": is_association(request.user),
        "own_application": own,
        "is_open": call.is_open(),
    }
    return render(request, "calls/call_detail.html", context)


def _call_form_context(request: HttpRequest, call: Call | None) -> tuple[Any, Any, Any, bool]:
    frozen = bool(call and call.is_published)
    if call is None:
        initial: dict[str, Any] = {"currency": "MAD"}
        criteria_initial: list[dict[str, Any]] = []
        documents_initial: list[dict[str, Any]] = []
    else:
        initial = {name: getattr(call, name) for name in services.CALL_FIELDS}
        initial["opens_at"] = timezone.localtime(call.opens_at)
        initial["closes_at"] = timezone.localtime(call.closes_at)
        initial["themes"] = list(call.themes.all())
        initial["version"] = call.version
        criteria_initial = [
            {
                name: getattr(c, name)
                for name in ("label_ar", "label_fr", "label_en", "weight", "max_score")
            }
            for c in call.criteria.all()
        ]
        documents_initial = [
            {name: getattr(d, name) for name in ("label_ar", "label_fr", "label_en")}
            for d in call.required_documents.all()
        ]
    data = request.POST if request.method == "POST" else None
    form = forms.CallForm(data, initial=initial)
    criteria = forms.CriterionFormSet(data, initial=criteria_initial, prefix="criteria")
    documents = forms.RequiredDocumentFormSet(data, initial=documents_initial, prefix="documents")
    return form, criteria, documents, frozen


@managers_only
def call_create(request: HttpRequest) -> HttpResponse:
    return _call_edit(request, None)


@managers_only
def call_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    return _call_edit(request, selectors.call_get(user=request.user, uuid=uuid))


def _call_edit(request: HttpRequest, call: Call | None) -> HttpResponse:
    form, criteria, documents, frozen = _call_form_context(request, call)
    status = 200
    if request.method == "POST":
        valid = form.is_valid() and (frozen or (criteria.is_valid() and documents.is_valid()))
        if valid:
            data = dict(form.cleaned_data)
            version = data.pop("version") or 0
            themes = data.pop("themes")
            extra: dict[str, Any] = {}
            if not frozen:
                extra = {
                    "criteria": forms.formset_rows(criteria),
                    "required_documents": forms.formset_rows(documents),
                }
            try:
                if call is None:
                    call = services.call_create(actor=request.user, themes=themes, **extra, **data)
                else:
                    services.call_update(
                        actor=request.user,
                        call=call,
                        version=version,
                        themes=themes,
                        **extra,
                        **data,
                    )
            except (ServiceError, ValidationError) as error:
                _apply_errors(form, error)
                status = _error_status(error)
            else:
                messages.success(request, _("The call was saved."))
                return redirect(call.get_absolute_url())
        else:
            status = 400
    context = {
        "form": form,
        "criteria": criteria,
        "documents": documents,
        "call": call,
        "frozen": frozen,
    }
    return render(request, "calls/call_form.html", context, status=status)


@managers_only
@require_POST
def call_publish(request: HttpRequest, uuid: str) -> HttpResponse:
    call = selectors.call_get(user=request.user, uuid=uuid)
    form = forms.VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise ConflictError()
        services.call_publish(actor=request.user, call=call, version=form.cleaned_data["version"])
    except (ServiceError, ValidationError) as error:
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, _("The call is published."))
    return redirect(call.get_absolute_url())


@overseers_only
def call_ranking(request: HttpRequest, uuid: str) -> HttpResponse:
    call = selectors.call_get(user=request.user, uuid=uuid)
    ranking = selectors.application_ranking(user=request.user, call=call)
    funded = selectors.call_funded_total(call=call)
    context = {
        "call": call,
        "ranking": ranking,
        "funded": funded,
        "remaining": call.budget_envelope - funded,
        "can_manage": can_manage_calls(request.user),
    }
    return render(request, "calls/call_ranking.html", context)


# --- Applications ---------------------------------------------------------------------------------


@associations_only
def application_start(request: HttpRequest, uuid: str) -> HttpResponse:
    call = selectors.call_get(user=request.user, uuid=uuid)
    existing = selectors.application_list(user=request.user, call=call).first()
    if existing is not None:
        return redirect(existing.get_absolute_url())
    form = forms.ApplicationForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            application = services.application_create(actor=request.user, call=call, **data)
        except (ServiceError, ValidationError) as error:
            _apply_errors(form, error)
            status = 400
        else:
            messages.success(request, _("Your draft is saved. Add the budget and the documents."))
            return redirect("calls:application_edit", uuid=application.uuid)
    elif request.method == "POST":
        status = 400
    return render(
        request, "calls/application_start.html", {"form": form, "call": call}, status=status
    )


@applications_users
def application_list(request: HttpRequest) -> HttpResponse:
    applications = selectors.application_list(user=request.user).order_by("-created_at")
    page = Paginator(applications, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "calls/application_list.html",
        {
            "page": page,
            "is_association": is_association(request.user),
            "is_reviewer": is_reviewer(request.user),
        },
    )


def _detail_context(request: HttpRequest, application: Application) -> dict[str, Any]:
    user = request.user
    call = application.call
    review = selectors.review_for(user=user, application=application) if is_reviewer(user) else None
    own = is_association(user)
    return {
        "application": application,
        "call": call,
        "budget_lines": application.budget_lines.all(),
        "attachments": application.attachments.filter(report=None).select_related(
            "document", "required_document"
        ),
        "reports": application.reports.all()
        if own or can_see_all_submitted_applications(user)
        else [],
        "is_owner": own,
        "is_draft": application.status == ApplicationStatus.DRAFT,
        "can_manage": can_manage_calls(user),
        "is_reviewer": is_reviewer(user),
        "review": review,
        "attachment_form": forms.AttachmentForm(call=call),
        "screening_form": forms.ScreeningForm(initial={"version": application.version}),
        "declaration_form": forms.DeclarationForm(),
        "decision_form": forms.DecisionForm(
            initial={"version": application.version, "amount": application.requested_amount}
        ),
        "call_open": call.is_open(),
        "history_model": "calls.application",
    }


@applications_users
def application_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    application = selectors.application_get(user=request.user, uuid=uuid)
    return render(request, "calls/application_detail.html", _detail_context(request, application))


def _render_detail_with_error(
    request: HttpRequest, application: Application, error: Exception
) -> HttpResponse:
    for message in _messages_of(error):
        messages.error(request, message)
    application.refresh_from_db()
    return render(
        request,
        "calls/application_detail.html",
        _detail_context(request, application),
        status=_error_status(error),
    )


@associations_only
def application_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    application = selectors.application_get(user=request.user, uuid=uuid)
    if application.status != ApplicationStatus.DRAFT:
        return redirect(application.get_absolute_url())
    initial = {name: getattr(application, name) for name in services.APPLICATION_FIELDS}
    initial["version"] = application.version
    lines_initial = [
        {"label": line.label, "amount": line.amount, "co_funding": line.co_funding}
        for line in application.budget_lines.all()
    ]
    data = request.POST if request.method == "POST" else None
    form = forms.ApplicationForm(data, initial=initial)
    lines = forms.BudgetLineFormSet(data, initial=lines_initial, prefix="lines")
    status = 200
    if request.method == "POST":
        if form.is_valid() and lines.is_valid():
            fields = dict(form.cleaned_data)
            version = fields.pop("version") or 0
            budget = [
                {**row, "co_funding": row.get("co_funding") or 0}
                for row in forms.formset_rows(lines)
            ]
            try:
                services.application_update(
                    actor=request.user,
                    application=application,
                    version=version,
                    budget_lines=budget,
                    **fields,
                )
            except (ServiceError, ValidationError) as error:
                _apply_errors(form, error)
                status = _error_status(error)
            else:
                messages.success(request, _("Your draft is saved."))
                return redirect(application.get_absolute_url())
        else:
            status = 400
    return render(
        request,
        "calls/application_edit.html",
        {"form": form, "lines": lines, "application": application},
        status=status,
    )


def _post_action(
    request: HttpRequest, application: Application, action: Callable[[], Any], success: str
) -> HttpResponse:
    try:
        action()
    except (ServiceError, ValidationError) as error:
        return _render_detail_with_error(request, application, error)
    messages.success(request, success)
    return redirect(application.get_absolute_url())


@associations_only
@require_POST
def application_attach(request: HttpRequest, uuid: str) -> HttpResponse:
    application = selectors.application_get(user=request.user, uuid=uuid)
    form = forms.AttachmentForm(request.POST, request.FILES, call=application.call)
    if not form.is_valid():
        error = ValidationError([message for errors in form.errors.values() for message in errors])
        return _render_detail_with_error(request, application, error)
    uploaded = form.cleaned_data["file"]
    try:
        services.application_attachment_add(
            actor=request.user,
            application=application,
            uploaded_file=uploaded,
            required_document=form.cleaned_data.get("required_document"),
            language=form.cleaned_data.get("language") or "",
        )
    except UploadRefused as error:
        document_refusal_record(
            actor=request.user,
            purpose=services.APPLICATION_PURPOSE,
            file_name=uploaded.name or "",
            error=error,
        )
        response = _render_detail_with_error(request, application, error)
        if isinstance(error, AntivirusUnavailable):
            response.status_code = 503
        return response
    except (ServiceError, ValidationError) as error:
        return _render_detail_with_error(request, application, error)
    messages.success(request, _("The document is attached."))
    return redirect(application.get_absolute_url())


@associations_only
@require_POST
def application_detach(request: HttpRequest, uuid: str, attachment: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, uuid=uuid)
    found = application.attachments.filter(pk=attachment, report=None).first()
    if found is None:
        raise Http404
    return _post_action(
        request,
        application,
        lambda: services.application_attachment_remove(
            actor=request.user, application=application, attachment=found
        ),
        _("The document is removed."),
    )


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0


@associations_only
@require_POST
def application_submit(request: HttpRequest, uuid: str) -> HttpResponse:
    application = selectors.application_get(user=request.user, uuid=uuid)
    return _post_action(
        request,
        application,
        lambda: services.application_submit(
            actor=request.user, application=application, version=_version(request)
        ),
        _("Your application is submitted. You will be told the result of the screening."),
    )


@managers_only
@require_POST
def application_screen(request: HttpRequest, uuid: str) -> HttpResponse:
    application = selectors.application_get(user=request.user, uuid=uuid)
    form = forms.ScreeningForm(request.POST)
    if not form.is_valid():
        return _render_detail_with_error(
            request, application, ValidationError(_("Choose eligible or not eligible."))
        )
    return _post_action(
        request,
        application,
        lambda: services.application_screen(
            actor=request.user,
            application=application,
            version=form.cleaned_data["version"],
            eligible=form.cleaned_data["eligible"],
            reason=form.cleaned_data["reason"],
        ),
        _("The screening is recorded and the association is notified."),
    )


@reviewers_only
@require_POST
def application_declare(request: HttpRequest, uuid: str) -> HttpResponse:
    application = selectors.application_get(user=request.user, uuid=uuid)
    form = forms.DeclarationForm(request.POST)
    if not form.is_valid():
        return _render_detail_with_error(
            request, application, ValidationError(_("Choose one of the declarations."))
        )
    try:
        review = services.review_declare(
            actor=request.user,
            application=application,
            has_conflict=form.cleaned_data["has_conflict"],
            reason=form.cleaned_data["reason"],
        )
    except (ServiceError, ValidationError) as error:
        return _render_detail_with_error(request, application, error)
    if review.has_conflict:
        messages.success(
            request,
            _("Your conflict of interest is recorded; you will not review this application."),
        )
        return redirect("calls:application_list")
    return redirect("calls:application_review", uuid=application.uuid)


@reviewers_only
def application_review(request: HttpRequest, uuid: str) -> HttpResponse:
    application = selectors.application_get(user=request.user, uuid=uuid)
    review = selectors.review_for(user=request.user, application=application)
    if review is None:
        return redirect(application.get_absolute_url())
    if review.has_conflict:
        raise PermissionDenied
    criteria = list(application.call.criteria.all())
    initial: dict[str, Any] = {"comment": review.comment}
    for score in review.scores.all():
        initial[f"score_{score.criterion_id}"] = score.score
        initial[f"comment_{score.criterion_id}"] = score.comment
    form = forms.ScoreForm(request.POST or None, initial=initial, criteria=criteria)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.review_score(
                    actor=request.user,
                    application=application,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                    version=_version(request) or review.version,
                )
            except (ServiceError, ValidationError) as error:
                _apply_errors(form, error)
                status = _error_status(error)
            else:
                messages.success(request, _("Your scores are saved."))
                return redirect("calls:application_list")
        else:
            status = 400
    return render(
        request,
        "calls/application_review.html",
        {"form": form, "application": application, "review": review},
        status=status,
    )


@managers_only
@require_POST
def application_decide(request: HttpRequest, uuid: str) -> HttpResponse:
    application = selectors.application_get(user=request.user, uuid=uuid)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        return _render_detail_with_error(
            request, application, ValidationError(_("Choose a decision."))
        )
    return _post_action(
        request,
        application,
        lambda: services.application_decide(
            actor=request.user,
            application=application,
            version=form.cleaned_data["version"],
            fund=form.cleaned_data["fund"],
            amount=form.cleaned_data["amount"],
            note=form.cleaned_data["note"],
        ),
        _("The decision is recorded and the association is notified."),
    )


# --- Project reports ------------------------------------------------------------------------------


@associations_only
def report_create(request: HttpRequest, uuid: str) -> HttpResponse:
    application = selectors.application_get(user=request.user, uuid=uuid)
    if application.status != ApplicationStatus.FUNDED:
        return redirect(application.get_absolute_url())
    form = forms.ReportForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            report = services.report_create(actor=request.user, application=application, **data)
        except (ServiceError, ValidationError) as error:
            _apply_errors(form, error)
            status = 400
        else:
            messages.success(request, _("Your report is saved as a draft."))
            return redirect(report.get_absolute_url())
    elif request.method == "POST":
        status = 400
    return render(
        request, "calls/report_form.html", {"form": form, "application": application}, status=status
    )


def _report_context(request: HttpRequest, report: ProjectReport) -> dict[str, Any]:
    return {
        "report": report,
        "application": report.application,
        "attachments": report.attachments.select_related("document"),
        "is_owner": is_association(request.user),
        "can_manage": can_manage_calls(request.user),
        "editable": report.status in {"draft", "returned"},
        "attachment_form": forms.AttachmentForm(),
        "return_form": forms.ReturnForm(initial={"version": report.version}),
    }


@applications_users
def report_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    report = selectors.report_get(user=request.user, uuid=uuid)
    return render(request, "calls/report_detail.html", _report_context(request, report))


def _report_action(
    request: HttpRequest, report: ProjectReport, action: Callable[[], Any], success: str
) -> HttpResponse:
    try:
        action()
    except (ServiceError, ValidationError) as error:
        for message in _messages_of(error):
            messages.error(request, message)
        report.refresh_from_db()
        return render(
            request,
            "calls/report_detail.html",
            _report_context(request, report),
            status=_error_status(error),
        )
    messages.success(request, success)
    return redirect(report.get_absolute_url())


@associations_only
def report_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    report = selectors.report_get(user=request.user, uuid=uuid)
    initial = {name: getattr(report, name) for name in ("kind", *services.REPORT_FIELDS)}
    initial["version"] = report.version
    form = forms.ReportForm(request.POST or None, initial=initial)
    form.fields["kind"].disabled = True
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.REPORT_FIELDS}
        try:
            services.report_update(
                actor=request.user, report=report, version=form.cleaned_data["version"] or 0, **data
            )
        except (ServiceError, ValidationError) as error:
            _apply_errors(form, error)
            status = _error_status(error)
        else:
            messages.success(request, _("Your report is saved."))
            return redirect(report.get_absolute_url())
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "calls/report_form.html",
        {"form": form, "application": report.application, "report": report},
        status=status,
    )


@associations_only
@require_POST
def report_attach(request: HttpRequest, uuid: str) -> HttpResponse:
    report = selectors.report_get(user=request.user, uuid=uuid)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file."))
        return redirect(report.get_absolute_url())
    uploaded = form.cleaned_data["file"]

    def attach() -> None:
        try:
            services.report_attachment_add(
                actor=request.user,
                report=report,
                uploaded_file=uploaded,
                language=form.cleaned_data.get("language") or "",
            )
        except UploadRefused as error:
            document_refusal_record(
                actor=request.user,
                purpose=services.REPORT_PURPOSE,
                file_name=uploaded.name or "",
                error=error,
            )
            raise

    return _report_action(request, report, attach, _("The document is attached."))


@associations_only
@require_POST
def report_submit(request: HttpRequest, uuid: str) -> HttpResponse:
    report = selectors.report_get(user=request.user, uuid=uuid)
    return _report_action(
        request,
        report,
        lambda: services.report_submit(
            actor=request.user, report=report, version=_version(request)
        ),
        _("Your report is submitted."),
    )


@managers_only
@require_POST
def report_validate(request: HttpRequest, uuid: str) -> HttpResponse:
    report = selectors.report_get(user=request.user, uuid=uuid)
    return _report_action(
        request,
        report,
        lambda: services.report_validate(
            actor=request.user, report=report, version=_version(request)
        ),
        _("The report is validated."),
    )


@managers_only
@require_POST
def report_return(request: HttpRequest, uuid: str) -> HttpResponse:
    report = selectors.report_get(user=request.user, uuid=uuid)
    return _report_action(
        request,
        report,
        lambda: services.report_return(
            actor=request.user,
            report=report,
            version=_version(request),
            reason=request.POST.get("reason", ""),
        ),
        _("The report is returned to the association."),
    )


# --- Notifications and registration --------------------------------------------------------------


@associations_only
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notification_list(user=request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "calls/notification_list.html", {"page": page})


def association_register(request: HttpRequest) -> HttpResponse:
    """Public sign-up page of associations; the account stays inactive until the e-mail link."""
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = forms.AssociationRegisterForm(
        request.POST or None, initial={"preferred_language": request.LANGUAGE_CODE}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                association = services.association_register(**form.cleaned_data)
            except ServiceError as error:
                if error.code != "email_taken":
                    raise
                # Same answer as a new sign-up (no account enumeration); the owner is told.
                send_existing_account_email(email=form.cleaned_data["email"])
                return redirect("calls:association_register_done")
            except ValidationError as error:
                _apply_errors(form, error)
                status = 400
            else:
                send_verification_email(
                    user=association.user, base_url=request.build_absolute_uri("/")
                )
                return redirect("calls:association_register_done")
        else:
            status = 400
    return render(request, "calls/association_register.html", {"form": form}, status=status)


def association_register_done(request: HttpRequest) -> HttpResponse:
    return render(request, "calls/association_register_done.html")
