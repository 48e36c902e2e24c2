"""Pages of the follow-up: the workspace ("my recommendations"), a recommendation's follow-up
(assignment, actions, updates, status), actions and indicators, progress updates through the
review workflow, the validation queue, bulk assignment and notifications."""

from __future__ import annotations

import csv
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    QueryDict,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tatabbu.accounts.permissions import user_passes
from tatabbu.core.exceptions import ConflictError, ServiceError, TransitionError
from tatabbu.core.workflow import REVIEW_WORKFLOW
from tatabbu.documents.inspection import AntivirusUnavailable, UploadRefused
from tatabbu.documents.services import document_refusal_record
from tatabbu.institutions.models import Institution
from tatabbu.recommendations import selectors as recommendation_selectors
from tatabbu.recommendations.choices import ImplementationStatus
from tatabbu.recommendations.exports import csv_escape
from tatabbu.recommendations.models import Recommendation

from . import dashboard, permissions, selectors, services
from .access import EVIDENCE_PURPOSE
from .forms import (
    ActionForm,
    AssignmentForm,
    BulkAssignmentForm,
    IndicatorForm,
    IndicatorValueForm,
    ProgressUpdateForm,
    ReturnForm,
    StatusOverrideForm,
)
from .hooks import institution_predicate
from .models import Assignment

followup_required = user_passes(permissions.can_view_followup)
assign_required = user_passes(permissions.can_assign)
PAGE_SIZE = 50
STEPS = ("submit", "validate", "return", "publish")
STEP_MESSAGES = {
    "submit": gettext_lazy("The update was submitted for validation."),
    "validate": gettext_lazy("The update was validated."),
    "return": gettext_lazy("The update was returned to its authors."),
    "publish": gettext_lazy("The update was published."),
}
FIELD_LABELS = {
    "text": gettext_lazy("Progress made"),
    "assessed_status": gettext_lazy("Status assessment"),
    "action": gettext_lazy("Action"),
    "description_ar": gettext_lazy("Description (Arabic)"),
    "description_fr": gettext_lazy("Description (French)"),
    "description_en": gettext_lazy("Description (English)"),
    "start_date": gettext_lazy("Start date"),
    "end_date": gettext_lazy("End date"),
    "budget": gettext_lazy("Budget (MAD)"),
    "status": gettext_lazy("Status"),
}


# --- Workspace and a recommendation's follow-up ----------------------------------------------


@followup_required
def workspace(request: HttpRequest) -> HttpResponse:
    """The recommendations assigned to the user's institution (all assigned ones for the DIDH),
    soonest deadline first, with what waits for the user."""
    recommendations = selectors.assigned_recommendation_list(user=request.user)
    status = request.GET.get("status", "")
    if status:
        recommendations = recommendations.filter(implementation_status=status)
    institution = request.GET.get("institution", "")
    if institution:
        recommendations = recommendations.filter(institution_predicate([institution]))
    if request.GET.get("overdue") == "1":
        recommendations = recommendations.filter(assignment__deadline__lt=timezone.localdate())
    page = Paginator(recommendations, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "today": timezone.localdate(),
        "queue_count": selectors.validation_queue(user=request.user).count(),
        "publication_count": (
            selectors.publication_queue(user=request.user).count()
            if permissions.is_coordinator(request.user)
            else 0
        ),
        "drafts": selectors.update_list(user=request.user)
        .filter(status__in=["draft", "returned"])
        .order_by("-updated_at")[:10],
        "status": status,
        "status_choices": ImplementationStatus.choices,
        "institution": institution,
        "institutions": (
            Institution.objects.filter(led_assignments__isnull=False).distinct().order_by("slug")
            if not request.user.institution_id
            else []
        ),
        "overdue": request.GET.get("overdue") == "1",
    }
    return render(request, "followup/workspace.html", context)


@followup_required
def recommendation_followup(request: HttpRequest, uuid: str) -> HttpResponse:
    recommendation = selectors.recommendation_get(user=request.user, uuid=uuid)
    assignment = selectors.assignment_for(recommendation)
    status_row = getattr(recommendation, "followup_status", None)
    context = {
        "recommendation": recommendation,
        "assignment": assignment,
        "status_row": status_row,
        "actions": selectors.actions_of_recommendation(
            user=request.user, recommendation=recommendation
        ),
        "updates": selectors.updates_of_recommendation(
            user=request.user, recommendation=recommendation
        ),
        "can_assign": permissions.can_assign(request.user),
        "can_record_action": permissions.can_record_action(request.user, recommendation),
        "can_draft_update": permissions.can_draft_update(request.user, recommendation),
        "can_override": permissions.can_override_status(request.user),
        "override_form": StatusOverrideForm(
            initial={
                "status": status_row.override_status if status_row else "",
                "reason": status_row.override_reason if status_row else "",
                "version": status_row.version if status_row else None,
            }
        ),
        "today": timezone.localdate(),
    }
    return render(request, "followup/recommendation_followup.html", context)


@assign_required
def assignment_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    recommendation = selectors.recommendation_get(user=request.user, uuid=uuid)
    assignment = selectors.assignment_for(recommendation)
    initial: dict[str, Any] = {}
    if assignment is not None:
        initial = {
            "lead_institution": assignment.lead_institution,
            "contributing_institutions": list(assignment.contributing_institutions.all()),
            "deadline": assignment.deadline,
            "version": assignment.version,
        }
    form = AssignmentForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assignment_set(
                actor=request.user,
                recommendation=recommendation,
                lead_institution=data["lead_institution"],
                contributing_institutions=data["contributing_institutions"],
                deadline=data["deadline"],
                version=data["version"] if assignment is not None else None,
            )
        except ConflictError:
            status = 409
            form.add_error(None, _("Someone else changed this assignment since you opened it."))
        except (ValidationError, ServiceError) as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The recommendation is assigned."))
            return redirect("followup:recommendation_followup", uuid=recommendation.uuid)
    return render(
        request,
        "followup/assignment_form.html",
        {"recommendation": recommendation, "form": form, "assignment": assignment},
        status=status,
    )


def _bulk_filters(query: QueryDict) -> QueryDict:
    filters = query.copy()
    for name in ("page", "page_size", "sort", "selected", "selection"):
        filters.pop(name, None)
    return filters


@assign_required
def assignment_bulk(request: HttpRequest) -> HttpResponse:
    """Assign every recommendation matching the list's filters (or the ``selected`` ones among
    them; a cluster is the filter ``cluster=<uuid>``) to the same institutions and deadline,
    after confirming their number."""
    filters = _bulk_filters(request.GET)
    try:
        ids = recommendation_selectors.recommendation_ids_for_bulk(
            user=request.user, filters=filters
        )
    except ValidationError:
        return HttpResponseBadRequest(_("The filters are not valid."))
    try:
        selected = [UUID(value) for value in request.GET.getlist("selected") if value]
    except ValueError:
        return HttpResponseBadRequest(_("The selection is not valid."))
    if request.GET.get("selection") and not selected:
        return HttpResponseBadRequest(_("Select at least one recommendation."))
    if selected:
        ids = ids.filter(uuid__in=selected[:1000])
    count = ids.count()
    already = Assignment.objects.filter(recommendation_id__in=ids).count()
    form = BulkAssignmentForm(request.POST or None, initial={"expected_count": count})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["expected_count"] != count:
            status = 409
            messages.warning(
                request,
                _("The number of matching recommendations changed; please confirm again."),
            )
            form = BulkAssignmentForm(initial={**data, "expected_count": count})
        else:
            try:
                assignments = services.assignments_set_many(
                    actor=request.user,
                    recommendation_ids=list(ids),
                    lead_institution=data["lead_institution"],
                    contributing_institutions=data["contributing_institutions"],
                    deadline=data["deadline"],
                )
            except ConflictError:
                status = 409
                form.add_error(None, _("Someone else changed these assignments meanwhile."))
            except (ValidationError, ServiceError) as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(count)d recommendations are assigned.") % {"count": len(assignments)},
                )
                return redirect(
                    reverse("recommendations:recommendation_list")
                    + (f"?{filters.urlencode()}" if filters else "")
                )
    return render(
        request,
        "followup/assignment_bulk.html",
        {
            "form": form,
            "count": count,
            "already": already,
            "list_url": reverse("recommendations:recommendation_list")
            + (f"?{filters.urlencode()}" if filters else ""),
        },
        status=status,
    )


@followup_required
@require_POST
def status_override(request: HttpRequest, uuid: str) -> HttpResponse:
    recommendation = selectors.recommendation_get(user=request.user, uuid=uuid)
    if not permissions.can_override_status(request.user):
        raise PermissionDenied
    form = StatusOverrideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The status could not be set."))
    else:
        data = form.cleaned_data
        try:
            services.status_override(
                actor=request.user,
                recommendation=recommendation,
                status=data["status"],
                reason=data["reason"],
                version=data["version"],
            )
        except ConflictError:
            messages.error(request, _("Someone else changed this status since you opened it."))
        except (ValidationError, ServiceError) as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The status is saved."))
    return redirect("followup:recommendation_followup", uuid=recommendation.uuid)


# --- Actions and indicators -------------------------------------------------------------------


@followup_required
def action_create(request: HttpRequest, uuid: str) -> HttpResponse:
    recommendation = selectors.recommendation_get(user=request.user, uuid=uuid)
    if not permissions.can_record_action(request.user, recommendation):
        raise PermissionDenied
    form = ActionForm(
        request.POST or None,
        initial={"status": "planned", "recommendations": [recommendation.uuid]},
        recommendations=_linkable(request.user),
    )
    if request.method == "POST" and form.is_valid():
        institution = None
        if permissions.is_coordinator(request.user):
            assignment = selectors.assignment_for(recommendation)
            institution = assignment.lead_institution if assignment else None
        try:
            action = services.action_create(
                actor=request.user,
                recommendations={recommendation, *form.linked()},
                values=form.values(),
                institution=institution,
            )
        except (ValidationError, ServiceError) as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The action is recorded."))
            return redirect("followup:action_detail", uuid=action.uuid)
    return render(
        request,
        "followup/action_form.html",
        {"recommendation": recommendation, "form": form, "creating": True},
    )


@followup_required
def action_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    action = selectors.action_get(user=request.user, uuid=uuid)
    can_edit = permissions.can_edit_action(request.user, action)
    indicators = action.indicators.prefetch_related("values")
    context = {
        "action": action,
        "indicators": indicators,
        "can_edit": can_edit,
        "indicator_form": IndicatorForm() if can_edit else None,
        "value_form": IndicatorValueForm() if can_edit else None,
    }
    return render(request, "followup/action_detail.html", context)


@followup_required
def action_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    action = selectors.action_get(user=request.user, uuid=uuid)
    if not permissions.can_edit_action(request.user, action):
        raise PermissionDenied
    linkable = _linkable(request.user)
    form = ActionForm(
        request.POST or None, initial=ActionForm.initial_for(action), recommendations=linkable
    )
    status = 200
    conflict: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.action_edit(
                actor=request.user,
                action=action,
                version=form.cleaned_data["version"] or 0,
                values=form.values(),
                recommendations=form.linked() or None,
            )
        except ConflictError as error:
            status = 409
            conflict = _conflict_rows(error)
            action.refresh_from_db()
            form = _refreshed(ActionForm, request.POST, action.version, recommendations=linkable)
        except (ValidationError, ServiceError) as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The action is saved."))
            return redirect("followup:action_detail", uuid=action.uuid)
    return render(
        request,
        "followup/action_form.html",
        {"action": action, "form": form, "conflict": conflict},
        status=status,
    )


@followup_required
def indicator_create(request: HttpRequest, uuid: str) -> HttpResponse:
    action = selectors.action_get(user=request.user, uuid=uuid)
    if not permissions.can_edit_action(request.user, action):
        raise PermissionDenied
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_create(actor=request.user, action=action, values=form.cleaned_data)
        except (ValidationError, ServiceError) as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The indicator is added."))
            return redirect("followup:action_detail", uuid=action.uuid)
    return render(request, "followup/indicator_form.html", {"action": action, "form": form})


@followup_required
@require_POST
def indicator_value_record(request: HttpRequest, uuid: str) -> HttpResponse:
    indicator = selectors.indicator_get(user=request.user, uuid=uuid)
    if not permissions.can_edit_action(request.user, indicator.action):
        raise PermissionDenied
    form = IndicatorValueForm(request.POST)
    if form.is_valid():
        try:
            services.indicator_value_record(
                actor=request.user,
                indicator=indicator,
                date=form.cleaned_data["date"],
                value=form.cleaned_data["value"],
            )
        except (ValidationError, ServiceError) as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The value is recorded."))
    else:
        messages.error(request, _("Enter a date and a number."))
    return redirect("followup:action_detail", uuid=indicator.action.uuid)


# --- Progress updates -------------------------------------------------------------------------


def _own_actions(user: Any, recommendation: Recommendation) -> Any:
    return selectors.action_list(user=user).filter(
        recommendations=recommendation, institution_id=user.institution_id
    )


@followup_required
def update_create(request: HttpRequest, uuid: str) -> HttpResponse:
    recommendation = selectors.recommendation_get(user=request.user, uuid=uuid)
    if not permissions.can_draft_update(request.user, recommendation):
        raise PermissionDenied
    form = ProgressUpdateForm(
        request.POST or None,
        request.FILES or None,
        actions=_own_actions(request.user, recommendation),
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            update = services.progress_update_create(
                actor=request.user,
                recommendation=recommendation,
                values=form.values(),
                evidence=form.cleaned_data["evidence"],
            )
        except UploadRefused as error:
            status = _refused(request, form, error)
        except (ValidationError, ServiceError) as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The update is saved as a draft."))
            return redirect("followup:update_detail", uuid=update.uuid)
    return render(
        request,
        "followup/update_form.html",
        {"recommendation": recommendation, "form": form, "creating": True},
        status=status,
    )


@followup_required
def update_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    update = selectors.update_get(user=request.user, uuid=uuid)
    steps = [
        transition.name
        for transition in REVIEW_WORKFLOW.available(update.status)
        if permissions.can_take_step(request.user, update, transition.name)
    ]
    context = {
        "update": update,
        "recommendation": update.recommendation,
        "steps": steps,
        "can_edit": permissions.can_edit_update(request.user, update),
        "return_form": ReturnForm(initial={"version": update.version}),
    }
    return render(request, "followup/update_detail.html", context)


@followup_required
def update_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    update = selectors.update_get(user=request.user, uuid=uuid)
    if not permissions.can_edit_update(request.user, update):
        raise PermissionDenied
    actions = _own_actions(request.user, update.recommendation)
    form = ProgressUpdateForm(
        request.POST or None,
        request.FILES or None,
        actions=actions,
        initial=ProgressUpdateForm.initial_for(update),
    )
    status = 200
    conflict: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_update_edit(
                actor=request.user,
                update=update,
                version=form.cleaned_data["version"] or 0,
                values=form.values(),
                evidence=form.cleaned_data["evidence"],
            )
        except ConflictError as error:
            status = 409
            conflict = _conflict_rows(error)
            update.refresh_from_db()
            form = ProgressUpdateForm(_with_version(request.POST, update.version), actions=actions)
            form.is_valid()
            form.add_error(None, _("Someone else changed this update since you opened it."))
        except UploadRefused as error:
            status = _refused(request, form, error)
        except (ValidationError, ServiceError) as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The update is saved."))
            return redirect("followup:update_detail", uuid=update.uuid)
    return render(
        request,
        "followup/update_form.html",
        {
            "update": update,
            "recommendation": update.recommendation,
            "form": form,
            "conflict": conflict,
        },
        status=status,
    )


@followup_required
@require_POST
def update_transition(request: HttpRequest, uuid: str, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404
    update = selectors.update_get(user=request.user, uuid=uuid)
    if not permissions.can_take_step(request.user, update, step):
        raise PermissionDenied
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    status = 302
    try:
        _take_step(request, update, step, version)
    except ConflictError:
        status = 409
        messages.error(request, _("Someone else changed this update since you opened it."))
    except TransitionError:
        status = 409
        messages.error(request, _("This step is not allowed from the current state."))
    except ServiceError as error:
        status = 400
        messages.error(request, str(error.message))
    else:
        messages.success(request, STEP_MESSAGES[step])
    if status != 302:
        update = selectors.update_get(user=request.user, uuid=uuid)
        response = update_detail(request, uuid=str(update.uuid))
        response.status_code = status
        return response
    return redirect("followup:update_detail", uuid=update.uuid)


def _take_step(request: HttpRequest, update: Any, step: str, version: int) -> None:
    actor = request.user
    if step == "submit":
        services.progress_update_submit(actor=actor, update=update, version=version)
    elif step == "validate":
        services.progress_update_validate(actor=actor, update=update, version=version)
    elif step == "return":
        services.progress_update_return(
            actor=actor, update=update, version=version, reason=request.POST.get("reason", "")
        )
    else:
        services.progress_update_publish(actor=actor, update=update, version=version)


@followup_required
def validation_queue(request: HttpRequest) -> HttpResponse:
    """Submitted updates waiting for validation (validators: their institution's), and for
    coordinators the validated ones waiting for publication."""
    context = {
        "submitted": selectors.validation_queue(user=request.user)[:200],
        "validated": (
            selectors.publication_queue(user=request.user)[:200]
            if permissions.is_coordinator(request.user)
            else []
        ),
    }
    return render(request, "followup/queue.html", context)


# --- Notifications ----------------------------------------------------------------------------


@followup_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = selectors.notification_list(user=request.user)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "followup/notification_list.html", {"page": page})


@followup_required
@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_read(actor=request.user)
    return redirect("followup:notification_list")


# --- Helpers ----------------------------------------------------------------------------------


def _conflict_rows(error: ConflictError) -> list[dict[str, Any]]:
    """What someone else changed: the stored value beside the one this user sent."""
    return [
        {
            "field": FIELD_LABELS.get(name, name),
            "current": values["current"],
            "sent": values["sent"],
        }
        for name, values in error.changes.items()
    ]


def _with_version(data: QueryDict, version: int) -> QueryDict:
    data = data.copy()
    data["version"] = str(version)
    return data


def _linkable(user: Any) -> Any:
    """Recommendations an action of ``user`` may serve: those assigned to their institution
    (every assigned one for coordinators)."""
    return (
        selectors.assigned_recommendation_list(user=user)
        .select_related(None)
        .select_related("document")
        .prefetch_related(None)
    )


def _refreshed(form_class: Any, data: QueryDict, version: int, **kwargs: Any) -> Any:
    form = form_class(_with_version(data, version), **kwargs)
    form.is_valid()
    form.add_error(None, _("Someone else changed this record since you opened it."))
    return form


def _refused(request: HttpRequest, form: Any, error: UploadRefused) -> int:
    document_refusal_record(
        actor=request.user,
        purpose=EVIDENCE_PURPOSE,
        file_name=", ".join(item.name or "" for item in form.cleaned_data.get("evidence") or []),
        error=error,
    )
    form.add_error("evidence", str(error.message))
    return 503 if isinstance(error, AntivirusUnavailable) else 400


def _error_text(error: Exception) -> str:
    if isinstance(error, ServiceError):
        return str(error.message)
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _add_errors(form: Any, error: Exception) -> None:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(error, ServiceError):
        form.add_error(None, str(error.message))
    else:
        form.add_error(None, error)


# --- Dashboards -------------------------------------------------------------------------------


dashboard_required = user_passes(permissions.can_view_dashboards)


def _dimension(request: HttpRequest) -> str:
    by = request.GET.get("by", "kind")
    return by if by in dashboard.DIMENSIONS else "kind"


@dashboard_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    """Implementation status by a dimension, overdue items and progress over time: each chart
    beside a table of the same numbers, each table exportable as CSV."""
    today = timezone.localdate()
    by = _dimension(request)
    rows = dashboard.status_breakdown(user=request.user, dimension=by)
    months = dashboard.progress_over_time(user=request.user)
    status_labels = [str(label) for _code, label in ImplementationStatus.choices]
    chart = {
        "direction": "rtl" if get_language_bidi() else "ltr",
        "labels": [row.label for row in rows[:CHART_ROWS]],
        "statuses": status_labels,
        "series": [[row.counts[code] for row in rows[:CHART_ROWS]] for code in dashboard.STATUSES],
        "months": [formats.date_format(entry.month, "YEAR_MONTH_FORMAT") for entry in months],
        "validated": [entry.validated for entry in months],
        "published": [entry.published for entry in months],
        "text": {"validated": _("Validated updates"), "published": _("Published updates")},
    }
    context = {
        "by": by,
        "dimensions": [(code, spec.label) for code, spec in dashboard.DIMENSIONS.items()],
        "dimension_label": dashboard.DIMENSIONS[by].label,
        "rows": rows,
        "status_labels": status_labels,
        "totals": dashboard.totals(user=request.user, today=today),
        "overdue_rows": dashboard.overdue_by_institution(user=request.user, today=today),
        "overdue": dashboard.overdue_list(user=request.user, today=today),
        "months": months,
        "chart": chart,
        "chart_rows": CHART_ROWS,
        "today": today,
    }
    return render(request, "followup/dashboard.html", context)


CHART_ROWS = 25


@dashboard_required
def dashboard_export(request: HttpRequest, table: str) -> HttpResponse:
    """The numbers of a dashboard table as CSV (``status`` by ``?by=``, ``overdue``,
    ``progress``)."""
    today = timezone.localdate()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    writer = csv.writer(response)
    response.write("\ufeff")  # spreadsheet programs read UTF-8 with a byte-order mark
    status_labels = [str(label) for _code, label in ImplementationStatus.choices]
    if table == "status" or table == "overdue":
        by = _dimension(request) if table == "status" else "institution"
        rows = (
            dashboard.status_breakdown(user=request.user, dimension=by)
            if table == "status"
            else dashboard.overdue_by_institution(user=request.user, today=today)
        )
        writer.writerow([str(dashboard.DIMENSIONS[by].label), _("Key"), *status_labels, _("Total")])
        for row in rows:
            writer.writerow([csv_escape(row.label), csv_escape(row.key), *row.cells, row.total])
        name = f"followup-{table}-{by}.csv"
    elif table == "progress":
        writer.writerow([_("Month"), _("Validated updates"), _("Published updates")])
        for entry in dashboard.progress_over_time(user=request.user):
            writer.writerow([entry.month.strftime("%Y-%m"), entry.validated, entry.published])
        name = "followup-progress.csv"
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
