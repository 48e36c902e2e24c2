"""Screens of special procedures: communications, country visits, questionnaires."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tatabbu.documents.inspection import UploadRefused
from tatabbu.documents.services import document_refusal_record

from .. import forms, selectors, services
from ..permissions import (
    can_edit_contribution,
    can_manage_engagement,
    can_take_contribution_step,
)
from ..visit_imports import visit_report_import
from .common import (
    REFUSALS,
    apply_errors,
    docket_users,
    error_status,
    form_page,
    managers_only,
    signed_in,
    staff_only,
)

# --- Communications -------------------------------------------------------------------------


@docket_users
def sp_communication_list(request: HttpRequest) -> HttpResponse:
    rows = [
        {"item": item, "due": selectors.sp_reply_due(item)}
        for item in selectors.sp_communication_list(user=request.user)
    ]
    return render(
        request,
        "engagement/sp_communication_list.html",
        {"rows": rows, "can_manage": can_manage_engagement(request.user)},
    )


@signed_in
def sp_communication_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    item = selectors.sp_communication_get(user=request.user, uuid=uuid)
    can_manage = can_manage_engagement(request.user)
    return render(
        request,
        "engagement/sp_communication_detail.html",
        {
            "item": item,
            "due": selectors.sp_reply_due(item),
            "can_manage": can_manage,
            "upload_form": forms.UploadForm() if can_manage else None,
        },
    )


def _sp_data(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in services.SP_COMMUNICATION_FIELDS}


@managers_only
def sp_communication_create(request: HttpRequest) -> HttpResponse:
    form = forms.SpecialProcedureCommunicationForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.sp_communication_create(
            actor=request.user,
            mandates=data["mandates"],
            institutions=data["institutions"],
            **_sp_data(data),
        ),
        title=_("Register a special-procedures communication"),
        cancel_url=reverse("engagement:sp_communication_list"),
        success=_("The communication was registered."),
    )


@managers_only
def sp_communication_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    item = selectors.sp_communication_get(user=request.user, uuid=uuid)
    initial = {"version": item.version, "institutions": list(item.institutions.all())}
    form = forms.SpecialProcedureCommunicationForm(
        request.POST or None, instance=item, initial=initial
    )
    return form_page(
        request,
        form,
        lambda data: services.sp_communication_update(
            actor=request.user,
            communication=selectors.sp_communication_get(user=request.user, uuid=uuid),
            version=data["version"] or 0,
            mandates=data["mandates"],
            institutions=data["institutions"],
            **_sp_data(data),
        ),
        title=str(item),
        cancel_url=item.get_absolute_url(),
        success=_("The communication was saved."),
    )


@require_POST
@managers_only
def sp_communication_reply(request: HttpRequest, uuid: str) -> HttpResponse:
    item = selectors.sp_communication_get(user=request.user, uuid=uuid)
    form = forms.UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.sp_communication_reply_attach(
                actor=request.user, communication=item, uploaded_file=form.cleaned_data["file"]
            )
        except UploadRefused as error:
            document_refusal_record(
                actor=request.user,
                purpose=services.SP_REPLY_PURPOSE,
                file_name=form.cleaned_data["file"].name,
                error=error,
            )
            apply_errors(form, error)
        except REFUSALS as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The reply document was attached."))
            return redirect(item.get_absolute_url())
    return render(
        request,
        "engagement/sp_communication_detail.html",
        {
            "item": item,
            "due": selectors.sp_reply_due(item),
            "can_manage": True,
            "upload_form": form,
        },
        status=400,
    )


# --- Country visits -------------------------------------------------------------------------


@staff_only
def visit_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "engagement/visit_list.html",
        {
            "visits": selectors.visit_list(user=request.user),
            "can_manage": can_manage_engagement(request.user),
        },
    )


def _visit_context(request: HttpRequest, visit: Any, **extra: Any) -> dict[str, Any]:
    can_manage = can_manage_engagement(request.user)
    recommendations = selectors.visit_recommendations(user=request.user, visit=visit)
    return {
        "visit": visit,
        "recommendations": recommendations[:50],
        "recommendation_count": recommendations.count(),
        "can_manage": can_manage,
        "import_form": forms.VisitImportForm() if can_manage and visit.report_symbol else None,
        **extra,
    }


@staff_only
def visit_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    visit = selectors.visit_get(user=request.user, uuid=uuid)
    return render(request, "engagement/visit_detail.html", _visit_context(request, visit))


def _visit_data(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in services.VISIT_FIELDS}


@managers_only
def visit_create(request: HttpRequest) -> HttpResponse:
    form = forms.VisitForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.visit_create(
            actor=request.user,
            mandate=data["mandate"],
            institutions=data["institutions"],
            **_visit_data(data),
        ),
        title=_("Record a country visit"),
        cancel_url=reverse("engagement:visit_list"),
        success=_("The visit was saved."),
    )


@managers_only
def visit_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    visit = selectors.visit_get(user=request.user, uuid=uuid)
    initial = {"version": visit.version, "institutions": list(visit.institutions.all())}
    form = forms.VisitForm(request.POST or None, instance=visit, initial=initial)
    form.fields["mandate"].disabled = True
    return form_page(
        request,
        form,
        lambda data: services.visit_update(
            actor=request.user,
            visit=selectors.visit_get(user=request.user, uuid=uuid),
            version=data["version"] or 0,
            institutions=data["institutions"],
            **_visit_data(data),
        ),
        title=str(visit),
        cancel_url=visit.get_absolute_url(),
        success=_("The visit was saved."),
    )


@require_POST
@managers_only
def visit_import(request: HttpRequest, uuid: str) -> HttpResponse:
    """Import the report's recommendations (small files: in the request; the import page and
    its background job remain the way for big ones)."""
    visit = selectors.visit_get(user=request.user, uuid=uuid)
    form = forms.VisitImportForm(request.POST, request.FILES)
    plan = None
    if form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()[:6]
        with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
            handle.flush()
            try:
                plan = visit_report_import(
                    actor=request.user,
                    visit=visit,
                    path=Path(handle.name),
                    format=form.cleaned_data["format"],
                    file_name=upload.name,
                )
            except REFUSALS as error:
                apply_errors(form, error)
        if plan is not None and plan.is_valid:
            messages.success(
                request,
                _("Imported: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.")
                % {"created": plan.created, "updated": plan.updated, "unchanged": plan.unchanged},
            )
            return redirect(visit.get_absolute_url())
    errors = []
    if plan is not None:
        if plan.file_error:
            errors.append(str(plan.file_error.message))
        errors += [issue.as_line() for issue in plan.errors[:50]]
    context = _visit_context(request, visit, import_form=form, import_errors=errors)
    return render(request, "engagement/visit_detail.html", context, status=400)


# --- Questionnaires -------------------------------------------------------------------------


@docket_users
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "engagement/questionnaire_list.html",
        {
            "questionnaires": selectors.questionnaire_list(user=request.user),
            "can_manage": can_manage_engagement(request.user),
        },
    )


@signed_in
def questionnaire_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    questionnaire = selectors.questionnaire_get(user=request.user, uuid=uuid)
    return _questionnaire_page(request, questionnaire)


def _questionnaire_page(
    request: HttpRequest, questionnaire: Any, status: int = 200
) -> HttpResponse:
    user = request.user
    answers = [
        {
            "answer": answer,
            "can_edit": can_edit_contribution(user, answer),
            "actions": [
                (
                    step,
                    reverse(
                        "engagement:questionnaire_answer_transition",
                        kwargs={"pk": answer.pk, "step": step},
                    ),
                )
                for step in ("submit", "validate", "return")
                if can_take_contribution_step(user, answer, step)
                and _step_possible(answer.status, step)
            ],
        }
        for answer in selectors.questionnaire_answers(user=user, questionnaire=questionnaire)
    ]
    return render(
        request,
        "engagement/questionnaire_detail.html",
        {
            "questionnaire": questionnaire,
            "answers": answers,
            "can_manage": can_manage_engagement(user),
        },
        status=status,
    )


def _step_possible(status: str, step: str) -> bool:
    from tatabbu.core.workflow import REVIEW_WORKFLOW

    return any(t.name == step for t in REVIEW_WORKFLOW.available(status))


@managers_only
def questionnaire_create(request: HttpRequest) -> HttpResponse:
    form = forms.QuestionnaireForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.questionnaire_create(
            actor=request.user,
            mechanism=data["mechanism"],
            institutions=data["institutions"],
            **{name: data[name] for name in services.QUESTIONNAIRE_FIELDS},
        ),
        title=_("Record a questionnaire"),
        cancel_url=reverse("engagement:questionnaire_list"),
        success=_("The questionnaire was sent to the institutions."),
    )


@managers_only
def questionnaire_consolidate(request: HttpRequest, uuid: str) -> HttpResponse:
    questionnaire = selectors.questionnaire_get(user=request.user, uuid=uuid)
    answers = selectors.questionnaire_answers(user=request.user, questionnaire=questionnaire)
    validated = [answer for answer in answers if answer.status == "validated"]
    draft = questionnaire.consolidated_answer or "\n\n".join(
        f"{answer.institution}:\n{answer.text}" for answer in validated
    )
    form = forms.ConsolidateForm(
        request.POST or None,
        initial={
            "consolidated_answer": draft,
            "status": questionnaire.status,
            "sent_on": questionnaire.sent_on,
            "version": questionnaire.version,
        },
    )
    return form_page(
        request,
        form,
        lambda data: services.questionnaire_consolidate(
            actor=request.user,
            questionnaire=selectors.questionnaire_get(user=request.user, uuid=uuid),
            version=data["version"],
            consolidated_answer=data["consolidated_answer"],
            status=data["status"],
            sent_on=data["sent_on"],
        ),
        title=str(questionnaire),
        cancel_url=questionnaire.get_absolute_url(),
        success=_("The consolidated answer was saved."),
    )


@signed_in
def questionnaire_answer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    answer = selectors.questionnaire_answer_get(user=request.user, pk=pk)
    if not can_edit_contribution(request.user, answer):
        raise Http404
    form = forms.AnswerForm(
        request.POST or None, initial={"text": answer.text, "version": answer.version}
    )
    return form_page(
        request,
        form,
        lambda data: (
            services.questionnaire_answer_update(
                actor=request.user,
                answer=selectors.questionnaire_answer_get(user=request.user, pk=pk),
                version=data["version"],
                text=data["text"],
            ).questionnaire
        ),
        title=f"{answer.questionnaire} — {answer.institution}",
        cancel_url=answer.questionnaire.get_absolute_url(),
        success=_("Your answer was saved."),
    )


@require_POST
@signed_in
def questionnaire_answer_transition(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    answer = selectors.questionnaire_answer_get(user=request.user, pk=pk)
    form = forms.ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.questionnaire_answer_transition(
            actor=request.user, answer=answer, step=step, reason=reason
        )
    except REFUSALS as error:
        messages.error(request, str(getattr(error, "message", error)))
        return _questionnaire_page(request, answer.questionnaire, status=error_status(error))
    messages.success(request, _("Done."))
    return redirect(answer.questionnaire.get_absolute_url())
