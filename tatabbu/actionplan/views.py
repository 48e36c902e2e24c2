"""Pages of action plans: plans, a plan's progress by axis, its timeline and late milestones,
projects, and progress updates through the review workflow."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import get_language_bidi, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tatabbu.accounts.permissions import user_passes
from tatabbu.core.exceptions import ConflictError, ServiceError, TransitionError
from tatabbu.core.models import localized_language
from tatabbu.core.workflow import REVIEW_WORKFLOW, ReviewStatus

from . import permissions, selectors, services
from .choices import ProjectStatus
from .filters import ProjectFilter
from .forms import (
    MilestoneDoneForm,
    MilestoneForm,
    ProjectLinkForm,
    ProjectPlanForm,
    ProjectRecommendationsForm,
    ProjectUpdateForm,
    ReturnForm,
    RiskForm,
)
from .models import Milestone
from .relations import related_items

plans_required = user_passes(permissions.can_view_plans)
PAGE_SIZE = 50
TIMELINE_PAGE_SIZE = 60
STEPS = ("submit", "validate", "return", "publish")
STEP_MESSAGES = {
    "submit": gettext_lazy("The update was submitted for validation."),
    "validate": gettext_lazy("The update was validated; its figures are now the project's."),
    "return": gettext_lazy("The update was returned to its unit."),
    "publish": gettext_lazy("The update was published."),
}


@plans_required
def plan_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    plans = [
        (plan, selectors.plan_rollup(plan=plan, today=today).total)
        for plan in selectors.plan_list(user=request.user)
    ]
    return render(request, "actionplan/plan_list.html", {"plans": plans})


@plans_required
def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, slug=slug)
    today = timezone.localdate()
    rollup = selectors.plan_rollup(plan=plan, today=today)
    project_filter, page = _filtered_page(request, plan, PAGE_SIZE)
    context = {
        "plan": plan,
        "rollup": rollup,
        "filter": project_filter,
        "page": page,
        "axis_rows": _axis_rows(plan, rollup),
        "total": _figures(plan, rollup.total),
        "chart": _chart_data(plan, rollup),
        **_filter_choices(plan),
        **_report_choices(),
    }
    return render(request, "actionplan/plan_detail.html", context)


@plans_required
def plan_timeline(request: HttpRequest, slug: str) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, slug=slug)
    project_filter, page = _filtered_page(request, plan, TIMELINE_PAGE_SIZE)
    timeline = selectors.plan_timeline(
        plan=plan, projects=list(page.object_list), today=timezone.localdate()
    )
    context = {"plan": plan, "filter": project_filter, "page": page, "timeline": timeline}
    return render(request, "actionplan/plan_timeline.html", context | _filter_choices(plan))


@plans_required
def plan_late_milestones(request: HttpRequest, slug: str) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, slug=slug)
    today = timezone.localdate()
    milestones = selectors.late_milestones(user=request.user, plan=plan, today=today)
    return render(
        request,
        "actionplan/late_milestones.html",
        {"plan": plan, "milestones": milestones, "today": today},
    )


@plans_required
def project_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    project = selectors.project_get(user=request.user, uuid=uuid)
    today = timezone.localdate()
    context = {
        "project": project,
        "plan": project.plan,
        "title_lang": localized_language(project, "title"),
        "today": today,
        "late_ids": {m.pk for m in project.milestones.all() if m.is_late(today)},
        "indicators": selectors.indicator_rows(project=project),
        "updates": selectors.update_list(user=request.user, project=project),
        "can_draft": permissions.can_draft_update(request.user, project),
        "can_manage": permissions.can_manage_plans(request.user),
        "related": related_items(project, request.user),
        "recommendations": [
            (recommendation, _recommendation_url(recommendation))
            for recommendation in project.recommendations.all()
        ],
        "done_form": MilestoneDoneForm(initial={"done_date": today}),
    }
    return render(request, "actionplan/project_detail.html", context)


@plans_required
def project_plan_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    project = selectors.project_get(user=request.user, uuid=uuid)
    if not permissions.can_manage_plans(request.user):
        raise PermissionDenied
    initial = {
        "planned_start": project.planned_start,
        "planned_end": project.planned_end,
        "budget_planned": project.budget_planned,
        "currency": project.currency,
        "responsible_unit": project.responsible_unit,
        "version": project.version,
    }
    form = ProjectPlanForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.project_plan_edit(
                actor=request.user,
                project=project,
                version=form.cleaned_data["version"],
                values=form.values(),
            )
        except ConflictError:
            status = 409
            form.add_error(None, _("Someone else changed this project since you opened it."))
        except (ValidationError, ServiceError) as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The project's planning was saved."))
            return redirect(project.get_absolute_url())
    return render(
        request,
        "actionplan/project_plan_form.html",
        {"project": project, "plan": project.plan, "form": form},
        status=status,
    )


# --- Planning items: milestones, risks, document links, linked recommendations ---------------


def _add_milestone(request: HttpRequest, project: Any, form: MilestoneForm) -> None:
    data = form.cleaned_data
    services.milestone_add(
        actor=request.user,
        project=project,
        due_date=data["due_date"],
        title_ar=data["title_ar"],
        title_fr=data["title_fr"],
        title_en=data["title_en"],
    )


def _add_risk(request: HttpRequest, project: Any, form: RiskForm) -> None:
    services.risk_add(actor=request.user, project=project, values=form.values())


def _add_link(request: HttpRequest, project: Any, form: ProjectLinkForm) -> None:
    data = form.cleaned_data
    services.project_link_add(
        actor=request.user,
        project=project,
        title=data["title"],
        url=data["url"],
        language=data["language"],
    )


# kind → (form, may the user add it, service call, page title, message)
PLANNING_ITEMS: dict[str, tuple[Any, Any, Any, Any, Any]] = {
    "milestone": (
        MilestoneForm,
        lambda user, project: permissions.can_manage_plans(user),
        _add_milestone,
        gettext_lazy("New milestone"),
        gettext_lazy("The milestone was added."),
    ),
    "risk": (
        RiskForm,
        permissions.can_draft_update,
        _add_risk,
        gettext_lazy("New risk"),
        gettext_lazy("The risk was added."),
    ),
    "link": (
        ProjectLinkForm,
        permissions.can_draft_update,
        _add_link,
        gettext_lazy("New document link"),
        gettext_lazy("The document link was added."),
    ),
}


@plans_required
def project_item_add(request: HttpRequest, uuid: str, kind: str) -> HttpResponse:
    """Add a milestone, a risk or a document link to a project."""
    if kind not in PLANNING_ITEMS:
        raise Http404
    form_class, allowed, add, title, done = PLANNING_ITEMS[kind]
    project = selectors.project_get(user=request.user, uuid=uuid)
    if not allowed(request.user, project):
        raise PermissionDenied
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add(request, project, form)
        except (ValidationError, ServiceError) as error:
            _add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(project.get_absolute_url())
    context = {"project": project, "plan": project.plan, "form": form, "page_title": title}
    return render(request, "actionplan/project_item_form.html", context)


@plans_required
def project_recommendations_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    """The recommendations a project implements (coordinators)."""
    project = selectors.project_get(user=request.user, uuid=uuid)
    if not permissions.can_manage_plans(request.user):
        raise PermissionDenied
    current = "\n".join(
        f"{recommendation.document.reference} §{recommendation.paragraph}"
        if recommendation.document_id and recommendation.paragraph
        else str(recommendation.uuid)
        for recommendation in project.recommendations.all()
    )
    form = ProjectRecommendationsForm(
        request.POST or None,
        initial={"references": current},
        resolve=lambda reference: selectors.recommendation_resolve(
            user=request.user, reference=reference
        ),
    )
    if request.method == "POST" and form.is_valid():
        services.project_recommendations_set(
            actor=request.user,
            project=project,
            recommendation_ids=form.cleaned_data["references"],
        )
        messages.success(request, _("The project's recommendations were saved."))
        return redirect(project.get_absolute_url())
    context = {
        "project": project,
        "plan": project.plan,
        "form": form,
        "page_title": _("Recommendations the project implements"),
    }
    return render(request, "actionplan/project_item_form.html", context)


@plans_required
@require_POST
def milestone_complete(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_object_or_404(Milestone.objects.select_related("project"), pk=pk)
    project = selectors.project_get(user=request.user, pk=milestone.project_id)
    form = MilestoneDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the date the milestone was done."))
        return redirect(project.get_absolute_url())
    services.milestone_complete(
        actor=request.user, milestone=milestone, done_date=form.cleaned_data["done_date"]
    )
    messages.success(request, _("The milestone is marked done."))
    return redirect(project.get_absolute_url())


# --- Progress updates --------------------------------------------------------------------------


@plans_required
def update_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    statuses = [status] if status in ReviewStatus.values else None
    updates = selectors.update_list(user=request.user, statuses=statuses)
    page = Paginator(updates, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "awaiting": selectors.updates_awaiting(user=request.user)[:50],
        "page": page,
        "status": status,
        "statuses": ReviewStatus.choices,
    }
    return render(request, "actionplan/update_list.html", context)


@plans_required
def update_create(request: HttpRequest, uuid: str) -> HttpResponse:
    project = selectors.project_get(user=request.user, uuid=uuid)
    if not permissions.can_draft_update(request.user, project):
        raise PermissionDenied
    initial = {"progress_percent": project.progress_percent, "project_status": project.status}
    form = ProjectUpdateForm(request.POST or None, project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update = services.project_update_create(
                actor=request.user,
                project=project,
                values=form.values(),
                indicator_values=form.indicator_values(),
            )
        except (ValidationError, ServiceError) as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The update was saved as a draft."))
            return redirect(update.get_absolute_url())
    return render(
        request,
        "actionplan/update_form.html",
        {"project": project, "plan": project.plan, "form": form, "creating": True},
    )


@plans_required
def update_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    update = selectors.update_get(user=request.user, uuid=uuid)
    steps = [
        transition.name
        for transition in REVIEW_WORKFLOW.available(update.status)
        if permissions.can_take_step(request.user, update, transition.name)
    ]
    context = {
        "update": update,
        "project": update.project,
        "plan": update.project.plan,
        "steps": steps,
        "can_edit": permissions.can_edit_update(request.user, update),
        "return_form": ReturnForm(initial={"version": update.version}),
    }
    return render(request, "actionplan/update_detail.html", context)


@plans_required
def update_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    update = selectors.update_get(user=request.user, uuid=uuid)
    if not permissions.can_edit_update(request.user, update):
        raise PermissionDenied
    project = update.project
    form = ProjectUpdateForm(
        request.POST or None, project=project, initial=ProjectUpdateForm.initial_for(update)
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update_edit(
                actor=request.user,
                update=update,
                version=form.cleaned_data["version"] or 0,
                values=form.values(),
                indicator_values=form.indicator_values(),
            )
        except ConflictError:
            status = 409
            form.add_error(None, _("Someone else changed this update since you opened it."))
        except (ValidationError, ServiceError) as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The update was saved."))
            return redirect(update.get_absolute_url())
    return render(
        request,
        "actionplan/update_form.html",
        {"project": project, "plan": project.plan, "form": form, "update": update},
        status=status,
    )


@plans_required
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
    try:
        _take_step(request, update, step, version)
    except ConflictError:
        messages.error(request, _("Someone else changed this update since you opened it."))
    except TransitionError:
        messages.error(request, _("This step is not allowed from the current state."))
    except ServiceError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, STEP_MESSAGES[step])
    return redirect(update.get_absolute_url())


def _take_step(request: HttpRequest, update: Any, step: str, version: int) -> None:
    actor = request.user
    if step == "submit":
        services.project_update_submit(actor=actor, update=update, version=version)
    elif step == "validate":
        services.project_update_validate(actor=actor, update=update, version=version)
    elif step == "return":
        services.project_update_return(
            actor=actor, update=update, version=version, reason=request.POST.get("reason", "")
        )
    else:
        services.project_update_publish(actor=actor, update=update, version=version)


# --- Helpers -----------------------------------------------------------------------------------


def _filtered_page(request: HttpRequest, plan: Any, size: int) -> tuple[ProjectFilter, Any]:
    project_filter = ProjectFilter(
        request.GET or None, queryset=selectors.project_list(user=request.user, plan=plan)
    )
    projects = project_filter.qs if project_filter.is_bound else project_filter.queryset
    return project_filter, Paginator(projects, size).get_page(request.GET.get("page"))


def _filter_choices(plan: Any) -> dict[str, Any]:
    return {
        "axes": selectors.plan_axes(plan=plan),
        "statuses": ProjectStatus.choices,
        "partners": selectors.partner_list(plan=plan),
        "units": selectors.plan_units(plan=plan),
    }


def _report_choices() -> dict[str, Any]:
    return {
        "report_formats": [("pdf", "PDF"), ("docx", "DOCX"), ("xlsx", "XLSX")],
        "report_languages": settings.LANGUAGES,
    }


def _figures(plan: Any, rollup: Any) -> dict[str, Any]:
    currency = plan.currency
    return {
        "projects": rollup.projects,
        "progress": rollup.progress,
        "planned": rollup.planned.get(currency),
        "committed": rollup.committed.get(currency),
        "spent": rollup.spent.get(currency),
        "execution": rollup.execution(currency),
        "late": rollup.late_milestones,
        "other_currencies": [code for code in rollup.currencies if code != currency],
    }


def _axis_rows(plan: Any, rollup: Any) -> list[dict[str, Any]]:
    rows = []
    for item in rollup.axes:
        rows.append({"axis": item.axis, "sub": False, **_figures(plan, item.rollup)})
        rows += [
            {"axis": sub.axis, "sub": True, **_figures(plan, sub.rollup)} for sub in item.sub_axes
        ]
    return rows


def _chart_data(plan: Any, rollup: Any) -> dict[str, Any]:
    currency = plan.currency
    return {
        "direction": "rtl" if get_language_bidi() else "ltr",
        "currency": currency,
        "labels": [_("Axis %(code)s") % {"code": item.axis.code} for item in rollup.axes],
        "titles": [str(item.axis.title) for item in rollup.axes],
        "progress": [float(item.rollup.progress) for item in rollup.axes],
        "planned": [float(item.rollup.planned.get(currency, 0)) for item in rollup.axes],
        "committed": [float(item.rollup.committed.get(currency, 0)) for item in rollup.axes],
        "spent": [float(item.rollup.spent.get(currency, 0)) for item in rollup.axes],
        "text": {
            "progress": _("Mean progress (%)"),
            "planned": _("Planned"),
            "committed": _("Committed"),
            "spent": _("Spent"),
        },
    }


def _recommendation_url(recommendation: Any) -> str:
    try:
        return recommendation.get_absolute_url()
    except NoReverseMatch:
        return ""


def _add_errors(form: Any, error: Exception) -> None:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(error, ServiceError):
        form.add_error(None, str(error.message))
    else:
        form.add_error(None, error)
