"""Screens of the report factory: reports, sections, contribution requests, consolidation,
versions and their differences, approval."""

from __future__ import annotations

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
from ..diff import word_diff
from ..permissions import (
    can_edit_contribution,
    can_manage_engagement,
    can_take_contribution_step,
)
from .common import (
    REFUSALS,
    apply_errors,
    docket_users,
    error_status,
    form_page,
    managers_only,
    signed_in,
)

STEPS = ("submit", "validate", "return")


def _refused(request: HttpRequest, error: Exception, target: Any) -> HttpResponse:
    messages.error(request, str(getattr(error, "message", error)))
    response = redirect(target.get_absolute_url())
    response.status_code = 303
    return response


# --- Reports --------------------------------------------------------------------------------


@docket_users
def report_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "engagement/report_list.html",
        {
            "reports": selectors.report_list(user=request.user),
            "contributions": selectors.contribution_list(user=request.user).exclude(
                status__in=["validated", "published"]
            )[:50],
            "can_manage": can_manage_engagement(request.user),
        },
    )


@managers_only
def report_create(request: HttpRequest) -> HttpResponse:
    form = forms.StateReportForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.state_report_create(actor=request.user, **data),
        title=_("New State report"),
        cancel_url=reverse("engagement:report_list"),
        success=_("The report was created."),
    )


def _report_page(
    request: HttpRequest, report: Any, section_form: Any = None, status: int = 200
) -> HttpResponse:
    can_manage = can_manage_engagement(request.user)
    sections = [
        {
            "section": section,
            "requests": list(selectors.section_requests(user=request.user, section=section)),
        }
        for section in selectors.section_list(user=request.user, report=report)
    ]
    context = {
        "report": report,
        "sections": sections,
        "can_manage": can_manage,
        "section_form": (section_form or forms.SectionForm()) if can_manage else None,
    }
    return render(request, "engagement/report_detail.html", context, status=status)


@signed_in
def report_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    return _report_page(request, selectors.report_get(user=request.user, uuid=uuid))


@require_POST
@managers_only
def section_create(request: HttpRequest, uuid: str) -> HttpResponse:
    report = selectors.report_get(user=request.user, uuid=uuid)
    form = forms.SectionForm(request.POST)
    if form.is_valid():
        try:
            services.section_create(actor=request.user, report=report, **form.cleaned_data)
        except REFUSALS as error:
            apply_errors(form, error)
            return _report_page(request, report, form, status=error_status(error))
        messages.success(request, _("The section was added."))
        return redirect(report.get_absolute_url())
    return _report_page(request, report, form, status=400)


@require_POST
@managers_only
def report_step(request: HttpRequest, uuid: str, step: str) -> HttpResponse:
    report = selectors.report_get(user=request.user, uuid=uuid)
    actions = {"submit": services.state_report_submit, "approve": services.state_report_approve}
    if step not in actions:
        raise Http404
    try:
        actions[step](actor=request.user, report=report)
    except REFUSALS as error:
        return _refused(request, error, report)
    messages.success(request, _("Done."))
    return redirect(report.get_absolute_url())


# --- Sections -------------------------------------------------------------------------------


def _section_context(request: HttpRequest, section: Any) -> dict[str, Any]:
    can_manage = can_manage_engagement(request.user)
    return {
        "section": section,
        "report": section.report,
        "requests": selectors.section_requests(user=request.user, section=section),
        "versions": section.versions.select_related("author") if can_manage else [],
        "can_manage": can_manage,
        "request_form": forms.ContributionRequestForm() if can_manage else None,
    }


@signed_in
def section_detail(request: HttpRequest, pk: int) -> HttpResponse:
    section = selectors.section_get(user=request.user, pk=pk)
    return render(request, "engagement/section_detail.html", _section_context(request, section))


@managers_only
def section_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Consolidation: the section's text beside the validated contributions."""
    section = selectors.section_get(user=request.user, pk=pk)
    form = forms.SectionTextForm(
        request.POST or None, initial={"text": section.text, "version": section.version}
    )
    validated = [
        item
        for item in selectors.section_requests(user=request.user, section=section)
        if item.status in {"validated", "published"}
    ]

    def save(data: dict[str, Any]) -> Any:
        services.section_save_text(
            actor=request.user,
            section=selectors.section_get(user=request.user, pk=pk),
            version=data["version"],
            text=data["text"],
            note=data["note"],
        )
        return section

    return form_page(
        request,
        form,
        save,
        title=str(section),
        cancel_url=section.get_absolute_url(),
        success=_("The section was saved as a new version."),
        template="engagement/section_edit.html",
        extra={"section": section, "validated": validated},
    )


@require_POST
@managers_only
def section_pull(request: HttpRequest, pk: int) -> HttpResponse:
    section = selectors.section_get(user=request.user, pk=pk)
    try:
        services.section_pull_tracked_data(
            actor=request.user, section=section, version=int(request.POST.get("version", 0))
        )
    except (*REFUSALS, ValueError) as error:
        return _refused(request, error, section)
    messages.success(request, _("The tracked data was added to the text as a new version."))
    return redirect(reverse("engagement:section_edit", kwargs={"pk": section.pk}))


@require_POST
@managers_only
def section_done(request: HttpRequest, pk: int) -> HttpResponse:
    section = selectors.section_get(user=request.user, pk=pk)
    try:
        services.section_set_done(
            actor=request.user, section=section, done=request.POST.get("done") == "1"
        )
    except REFUSALS as error:
        return _refused(request, error, section)
    messages.success(request, _("Done."))
    return redirect(section.report.get_absolute_url())


@managers_only
def section_diff(request: HttpRequest, pk: int) -> HttpResponse:
    section = selectors.section_get(user=request.user, pk=pk)
    versions = {version.number: version for version in section.versions.all()}
    try:
        newest = max(versions) if versions else 0
        new = int(request.GET.get("to") or newest)
        old = int(request.GET.get("from") or max(new - 1, 1))
    except ValueError:
        old = new = -1
    if old not in versions or new not in versions:
        return render(
            request,
            "engagement/section_diff.html",
            {"section": section, "error": _("Choose two saved versions."), "versions": versions},
            status=400 if versions else 404,
        )
    context = {
        "section": section,
        "old": versions[old],
        "new": versions[new],
        "segments": word_diff(versions[old].text, versions[new].text),
        "versions": sorted(versions),
    }
    return render(request, "engagement/section_diff.html", context)


@require_POST
@managers_only
def contribution_request(request: HttpRequest, pk: int) -> HttpResponse:
    section = selectors.section_get(user=request.user, pk=pk)
    form = forms.ContributionRequestForm(request.POST)
    if form.is_valid():
        try:
            services.contribution_request_create(
                actor=request.user, section=section, **form.cleaned_data
            )
        except REFUSALS as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The institutions were asked for their contribution."))
            return redirect(section.get_absolute_url())
    context = {**_section_context(request, section), "request_form": form}
    return render(request, "engagement/section_detail.html", context, status=400)


# --- Contributions --------------------------------------------------------------------------


def _contribution_page(request: HttpRequest, item: Any, status: int = 200, **extra: Any) -> Any:
    user = request.user
    context = {
        "item": item,
        "can_edit": can_edit_contribution(user, item),
        "actions": [
            (step, reverse("engagement:contribution_step", kwargs={"pk": item.pk, "step": step}))
            for step in STEPS
            if can_take_contribution_step(user, item, step) and _possible(item.status, step)
        ],
        "upload_form": forms.UploadForm() if can_edit_contribution(user, item) else None,
        **extra,
    }
    return render(request, "engagement/contribution_detail.html", context, status=status)


def _possible(status: str, step: str) -> bool:
    from tatabbu.core.workflow import REVIEW_WORKFLOW

    return any(transition.name == step for transition in REVIEW_WORKFLOW.available(status))


@signed_in
def contribution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _contribution_page(request, selectors.contribution_get(user=request.user, pk=pk))


@signed_in
def contribution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.contribution_get(user=request.user, pk=pk)
    if not can_edit_contribution(request.user, item):
        raise Http404
    form = forms.ContributionForm(
        request.POST or None, initial={"text": item.text, "version": item.version}
    )
    return form_page(
        request,
        form,
        lambda data: services.contribution_update(
            actor=request.user,
            contribution=selectors.contribution_get(user=request.user, pk=pk),
            version=data["version"],
            text=data["text"],
        ),
        title=f"{item.section} — {item.institution}",
        cancel_url=item.get_absolute_url(),
        success=_("Your contribution was saved."),
        extra={"instructions": item.instructions},
    )


@require_POST
@signed_in
def contribution_attach(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.contribution_get(user=request.user, pk=pk)
    form = forms.UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.contribution_attach(
                actor=request.user, contribution=item, uploaded_file=form.cleaned_data["file"]
            )
        except UploadRefused as error:
            document_refusal_record(
                actor=request.user,
                purpose=services.EVIDENCE_PURPOSE,
                file_name=form.cleaned_data["file"].name,
                error=error,
                institution=item.institution,
            )
            apply_errors(form, error)
        except REFUSALS as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The evidence was attached."))
            return redirect(item.get_absolute_url())
    return _contribution_page(request, item, status=400, upload_form=form)


@require_POST
@signed_in
def contribution_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    item = selectors.contribution_get(user=request.user, pk=pk)
    if step not in STEPS:
        raise Http404
    form = forms.ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.contribution_transition(
            actor=request.user, contribution=item, step=step, reason=reason
        )
    except REFUSALS as error:
        messages.error(request, str(getattr(error, "message", error)))
        item.refresh_from_db()
        return _contribution_page(request, item, status=error_status(error))
    messages.success(request, _("Done."))
    return redirect(item.get_absolute_url())
