"""Reads of action plans, scoped by role and institution (permissions.py), with the roll-ups by
axis and the timeline.

Every read that shows figures takes ``published_only``: ``False`` (staff) reads the project's
figures, which validated updates set; ``True`` (the public portal, later) reads them from each
project's latest *published* update instead, and hides unpublished updates.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from tatabbu.accounts.choices import INSTITUTION_ROLES, Role
from tatabbu.accounts.permissions import can_view_all_institutions_work, has_role
from tatabbu.core.workflow import ReviewStatus
from tatabbu.institutions.models import Institution

from . import permissions
from .choices import ProjectStatus
from .models import (
    ActionPlan,
    Indicator,
    IndicatorValue,
    Milestone,
    Partner,
    Project,
    ProjectUpdate,
    StrategicAxis,
)

COUNTING_STATUSES = (ReviewStatus.VALIDATED, ReviewStatus.PUBLISHED)
TIMELINE_SLOTS = 48


# --- Plans and axes ----------------------------------------------------------------------------


def plan_list(*, user: Any, published_only: bool = False) -> QuerySet[ActionPlan]:
    """The plans the user may read, with their number of projects."""
    queryset = ActionPlan.objects.select_related("owner").annotate(
        project_count=Count("projects", distinct=True)
    )
    if published_only:
        return queryset.filter(is_public=True)
    if not permissions.can_view_plans(user):
        return queryset.none()
    return queryset


def plan_get(
    *, user: Any, slug: str | None = None, pk: int | None = None, published_only: bool = False
) -> ActionPlan:
    lookup = {"slug": slug} if slug is not None else {"pk": pk}
    return get_object_or_404(plan_list(user=user, published_only=published_only), **lookup)


def axis_list(*, user: Any, plan: ActionPlan | None = None) -> QuerySet[StrategicAxis]:
    queryset = StrategicAxis.objects.select_related("plan", "parent").filter(
        plan__in=plan_list(user=user)
    )
    if plan is not None:
        queryset = queryset.filter(plan=plan)
    return queryset.order_by("plan", "position", "code")


def plan_axes(*, plan: ActionPlan) -> QuerySet[StrategicAxis]:
    """Axes and sub-axes of a plan, in order (for filters)."""
    return (
        StrategicAxis.objects.filter(plan=plan)
        .select_related("parent")
        .order_by("position", "code")
    )


def plan_units(*, plan: ActionPlan) -> QuerySet[Institution]:
    """The responsible units of a plan's projects (for filters)."""
    return (
        Institution.objects.filter(Q(led_projects__plan=plan) | Q(co_led_projects__plan=plan))
        .distinct()
        .order_by("name_fr")
    )


def partner_list(*, plan: ActionPlan) -> QuerySet[Partner]:
    """The partners of a plan's projects (for filters)."""
    return Partner.objects.filter(projects__plan=plan).distinct().order_by("kind", "slug")


# --- Projects ----------------------------------------------------------------------------------


def project_list(
    *,
    user: Any,
    plan: ActionPlan | None = None,
    filters: dict[str, Any] | None = None,
    published_only: bool = False,
) -> QuerySet[Project]:
    """Projects of the plans the user may read, filtered (``axis``: code of an axis or of its
    parent; ``status``; ``partner``: slug; ``unit``: institution slug; ``q``: words of the
    title), with what a list shows."""
    queryset = (
        Project.objects.filter(plan__in=plan_list(user=user, published_only=published_only))
        .select_related("plan", "axis", "axis__parent", "responsible_unit")
        .prefetch_related("partners", "other_responsible")
        .annotate(**_figure_annotations(published_only))
    )
    if plan is not None:
        queryset = queryset.filter(plan=plan)
    queryset = filter_projects(queryset, filters or {})
    return queryset.order_by("plan", "number")


def filter_projects(queryset: QuerySet[Project], filters: dict[str, Any]) -> QuerySet[Project]:
    if filters.get("axis"):
        code = filters["axis"]
        queryset = queryset.filter(Q(axis__code=code) | Q(axis__parent__code=code))
    if filters.get("status"):
        queryset = queryset.filter(shown_status=filters["status"])
    if filters.get("partner"):
        queryset = queryset.filter(partners__slug=filters["partner"])
    if filters.get("unit"):
        unit = filters["unit"]
        queryset = queryset.filter(Q(responsible_unit__slug=unit) | Q(other_responsible__slug=unit))
    if filters.get("q"):
        words = str(filters["q"]).split()[:8]
        for word in words:
            queryset = queryset.filter(
                Q(title_ar__icontains=word)
                | Q(title_fr__icontains=word)
                | Q(title_en__icontains=word)
            )
    if filters.get("partner") or filters.get("unit"):
        queryset = queryset.distinct()
    return queryset


def project_get(
    *, user: Any, uuid: Any = None, pk: int | None = None, published_only: bool = False
) -> Project:
    """One project with everything its page shows; 404 outside the user's plans."""
    lookup = {"uuid": uuid} if uuid is not None else {"pk": pk}
    queryset = project_list(user=user, published_only=published_only).prefetch_related(
        "activities",
        "milestones",
        "risks",
        "links",
        Prefetch("indicators", queryset=Indicator.objects.order_by("code")),
        "recommendations__document",
    )
    try:
        return queryset.get(**lookup)
    except (Project.DoesNotExist, ValueError) as error:
        raise Http404 from error


def _figure_annotations(published_only: bool) -> dict[str, Any]:
    """``shown_progress``, ``shown_status``, ``shown_committed``, ``shown_spent``,
    ``shown_as_of``: the figures a reader is shown."""
    if not published_only:
        return {
            "shown_progress": F("progress_percent"),
            "shown_status": F("status"),
            "shown_committed": F("budget_committed"),
            "shown_spent": F("budget_spent"),
            "shown_as_of": F("figures_as_of"),
        }
    latest = ProjectUpdate.objects.filter(
        project=OuterRef("pk"), status=ReviewStatus.PUBLISHED
    ).order_by("-as_of", "-published_at")
    return {
        "shown_progress": Subquery(latest.values("progress_percent")[:1]),
        "shown_status": Subquery(latest.values("project_status")[:1]),
        "shown_committed": Subquery(latest.values("budget_committed")[:1]),
        "shown_spent": Subquery(latest.values("budget_spent")[:1]),
        "shown_as_of": Subquery(latest.values("as_of")[:1]),
    }


# --- Roll-ups by axis --------------------------------------------------------------------------


@dataclass
class Rollup:
    """Figures of a group of projects (an axis, a sub-axis, a whole plan)."""

    projects: int = 0
    progress_total: Decimal = Decimal(0)
    by_status: dict[str, int] = field(default_factory=dict)
    planned: dict[str, Decimal] = field(default_factory=dict)
    committed: dict[str, Decimal] = field(default_factory=dict)
    spent: dict[str, Decimal] = field(default_factory=dict)
    late_milestones: int = 0

    @property
    def progress(self) -> Decimal:
        """Mean progress of the projects (each counts equally), to one decimal."""
        if not self.projects:
            return Decimal("0.0")
        return (self.progress_total / self.projects).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def currencies(self) -> list[str]:
        return sorted(set(self.planned) | set(self.committed) | set(self.spent))

    def execution(self, currency: str) -> Decimal | None:
        """Spent as a share of planned, in percent, when a planned budget exists."""
        planned = self.planned.get(currency)
        if not planned:
            return None
        spent = self.spent.get(currency, Decimal(0))
        return (100 * spent / planned).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def add(self, row: dict[str, Any]) -> None:
        self.projects += 1
        self.progress_total += row["shown_progress"] or Decimal(0)
        status = row["shown_status"] or ProjectStatus.NOT_STARTED
        self.by_status[status] = self.by_status.get(status, 0) + 1
        currency = row["currency"]
        for target, value in (
            (self.planned, row["budget_planned"]),
            (self.committed, row["shown_committed"]),
            (self.spent, row["shown_spent"]),
        ):
            if value is not None:
                target[currency] = target.get(currency, Decimal(0)) + value


@dataclass
class AxisRollup:
    axis: StrategicAxis
    rollup: Rollup
    sub_axes: list[AxisRollup] = field(default_factory=list)


@dataclass
class PlanRollup:
    total: Rollup
    axes: list[AxisRollup]


def plan_rollup(
    *, plan: ActionPlan, today: datetime.date, published_only: bool = False
) -> PlanRollup:
    """Progress and budget by axis (sub-axes inside their axis) and for the whole plan."""
    axes = list(StrategicAxis.objects.filter(plan=plan).order_by("position", "code"))
    rollups = {axis.pk: Rollup() for axis in axes}
    parent_of = {axis.pk: axis.parent_id for axis in axes}
    total = Rollup()
    rows = (
        Project.objects.filter(plan=plan)
        .annotate(**_figure_annotations(published_only))
        .values(
            "axis_id",
            "currency",
            "budget_planned",
            "shown_progress",
            "shown_status",
            "shown_committed",
            "shown_spent",
        )
    )
    for row in rows:
        axis_id = row["axis_id"]
        rollups[axis_id].add(row)
        if parent_of[axis_id]:
            rollups[parent_of[axis_id]].add(row)
        total.add(row)
    late = (
        late_milestone_queryset(plan=plan, today=today)
        .values("project__axis_id")
        .annotate(count=Count("id"))
    )
    for item in late:
        axis_id = item["project__axis_id"]
        rollups[axis_id].late_milestones += item["count"]
        if parent_of[axis_id]:
            rollups[parent_of[axis_id]].late_milestones += item["count"]
        total.late_milestones += item["count"]
    top = [AxisRollup(axis, rollups[axis.pk]) for axis in axes if axis.parent_id is None]
    by_id = {item.axis.pk: item for item in top}
    for axis in axes:
        if axis.parent_id in by_id:
            by_id[axis.parent_id].sub_axes.append(AxisRollup(axis, rollups[axis.pk]))
    return PlanRollup(total=total, axes=top)


# --- Milestones --------------------------------------------------------------------------------


def late_milestone_queryset(*, plan: ActionPlan, today: datetime.date) -> QuerySet[Milestone]:
    return Milestone.objects.filter(project__plan=plan, done_date__isnull=True, due_date__lt=today)


def late_milestones(*, user: Any, plan: ActionPlan, today: datetime.date) -> QuerySet[Milestone]:
    """Milestones past their due date and not done, oldest first, with their project."""
    if not permissions.can_view_plans(user):
        return Milestone.objects.none()
    return (
        late_milestone_queryset(plan=plan, today=today)
        .select_related("project", "project__axis", "project__responsible_unit")
        .order_by("due_date", "project__number", "position")
    )


# --- Timeline ----------------------------------------------------------------------------------


@dataclass
class TimelineMark:
    slot: int
    milestone: Milestone
    late: bool


@dataclass
class TimelineRow:
    project: Project
    start: int
    end: int
    has_dates: bool
    starts_before: bool = False
    ends_after: bool = False
    marks: list[TimelineMark] = field(default_factory=list)


@dataclass
class TimelineHeading:
    date: datetime.date
    start: int
    end: int


@dataclass
class Timeline:
    """A Gantt-like grid: the plan period cut into ``slots`` columns; ``start``/``end`` are grid
    lines (1-based, end exclusive). Columns follow the page direction, so in Arabic time runs
    from right to left with no extra work."""

    slots: int
    headings: list[TimelineHeading]
    heading_unit: str
    rows: list[TimelineRow]
    today: int | None


def plan_timeline(*, plan: ActionPlan, projects: list[Project], today: datetime.date) -> Timeline:
    """Rows of ``projects`` (their milestones prefetched or not) placed on the plan's period."""
    start, end = plan.start_date, plan.end_date
    days = (end - start).days + 1

    def slot(day: datetime.date) -> int:
        """The slot holding the middle of ``day`` (so that equal periods get equal slots)."""
        offset = min(max((day - start).days, 0), days - 1)
        return (2 * offset + 1) * TIMELINE_SLOTS // (2 * days) + 1

    milestones: dict[int, list[Milestone]] = defaultdict(list)
    for milestone in Milestone.objects.filter(project__in=[p.pk for p in projects]).order_by(
        "due_date"
    ):
        milestones[milestone.project_id].append(milestone)
    rows = []
    for project in projects:
        has_dates = bool(project.planned_start and project.planned_end)
        first = project.planned_start if has_dates else start
        last = project.planned_end if has_dates else end
        row = TimelineRow(
            project=project,
            start=slot(first),
            end=slot(last) + 1,
            has_dates=has_dates,
            starts_before=has_dates and first < start,
            ends_after=has_dates and last > end,
        )
        row.marks = [
            TimelineMark(slot(m.due_date), m, m.is_late(today))
            for m in milestones[project.pk]
            if start <= m.due_date <= end
        ]
        rows.append(row)
    by_year = days > 2 * 366
    headings = _timeline_headings(start, end, by_year, slot)
    return Timeline(
        slots=TIMELINE_SLOTS,
        headings=headings,
        heading_unit="year" if by_year else "month",
        rows=rows,
        today=slot(today) if start <= today <= end else None,
    )


def _timeline_headings(
    start: datetime.date, end: datetime.date, by_year: bool, slot: Any
) -> list[TimelineHeading]:
    periods = []
    cursor = start
    while cursor <= end:
        if by_year:
            following = datetime.date(cursor.year + 1, 1, 1)
        else:
            days_in_month = calendar.monthrange(cursor.year, cursor.month)[1]
            following = cursor.replace(day=1) + datetime.timedelta(days=days_in_month)
        periods.append(cursor)
        cursor = following
    headings = []
    for index, period_start in enumerate(periods):
        first = slot(period_start)
        last = slot(periods[index + 1]) if index + 1 < len(periods) else TIMELINE_SLOTS + 1
        if last > first:
            headings.append(TimelineHeading(period_start, first, last))
    return headings


# --- Indicators --------------------------------------------------------------------------------


@dataclass
class IndicatorRow:
    indicator: Indicator
    values: list[IndicatorValue]

    @property
    def latest(self) -> IndicatorValue | None:
        return self.values[0] if self.values else None


def indicator_rows(
    *, project: Project, published_only: bool = False, until: datetime.date | None = None
) -> list[IndicatorRow]:
    """The project's indicators with their values from validated updates (published ones only
    for ``published_only``), newest first."""
    statuses = [ReviewStatus.PUBLISHED] if published_only else list(COUNTING_STATUSES)
    values = IndicatorValue.objects.filter(
        update__project=project, update__status__in=statuses
    ).select_related("update")
    if until is not None:
        values = values.filter(update__as_of__lte=until)
    by_indicator: dict[int, list[IndicatorValue]] = defaultdict(list)
    for value in values.order_by("-update__as_of", "-update__validated_at"):
        by_indicator[value.indicator_id].append(value)
    return [
        IndicatorRow(indicator, by_indicator.get(indicator.pk, []))
        for indicator in project.indicators.all()
    ]


# --- Progress updates --------------------------------------------------------------------------


def update_list(
    *,
    user: Any,
    project: Project | None = None,
    plan: ActionPlan | None = None,
    statuses: list[str] | None = None,
    published_only: bool = False,
) -> QuerySet[ProjectUpdate]:
    """Updates the user may see: validated and published ones of readable plans; drafts,
    submitted and returned ones only for the project's responsible units and the roles that see
    every institution's work."""
    queryset = ProjectUpdate.objects.select_related(
        "project", "project__plan", "project__responsible_unit", "author"
    )
    if published_only:
        queryset = queryset.filter(status=ReviewStatus.PUBLISHED, project__plan__is_public=True)
    elif not permissions.can_view_plans(user):
        return queryset.none()
    elif not can_view_all_institutions_work(user):
        visible = Q(status__in=COUNTING_STATUSES)
        if has_role(user, INSTITUTION_ROLES) and user.institution_id:
            institution = user.institution_id
            visible |= Q(project__responsible_unit_id=institution) | Q(
                project__other_responsible__id=institution
            )
        queryset = queryset.filter(visible).distinct()
    if project is not None:
        queryset = queryset.filter(project=project)
    if plan is not None:
        queryset = queryset.filter(project__plan=plan)
    if statuses:
        queryset = queryset.filter(status__in=statuses)
    return queryset.order_by("-as_of", "-created_at")


def update_get(*, user: Any, uuid: Any = None, pk: int | None = None) -> ProjectUpdate:
    """One update the user may see, with its indicator values; 404 otherwise."""
    lookup = {"uuid": uuid} if uuid is not None else {"pk": pk}
    queryset = update_list(user=user).prefetch_related(
        "indicator_values__indicator", "project__other_responsible"
    )
    try:
        update = queryset.get(**lookup)
    except (ProjectUpdate.DoesNotExist, ValueError) as error:
        raise Http404 from error
    return update


def updates_awaiting(*, user: Any) -> QuerySet[ProjectUpdate]:
    """What the user may act on now: their units' drafts and returned updates to finish, the
    submitted ones to review (validators, coordinators), validated ones to publish
    (coordinators)."""
    visible = update_list(user=user)
    if has_role(user, {Role.COORDINATOR}):
        return visible.filter(status__in=[ReviewStatus.SUBMITTED, ReviewStatus.VALIDATED])
    if not has_role(user, INSTITUTION_ROLES):
        return visible.none()
    own = Q(project__responsible_unit_id=user.institution_id) | Q(
        project__other_responsible__id=user.institution_id
    )
    wanted = [ReviewStatus.DRAFT, ReviewStatus.RETURNED]
    if has_role(user, {Role.VALIDATOR}):
        wanted.append(ReviewStatus.SUBMITTED)
    return visible.filter(own, status__in=wanted).distinct()


def validated_updates(
    *, plan: ActionPlan, since: datetime.date, until: datetime.date
) -> QuerySet[ProjectUpdate]:
    """Validated and published updates of a plan dated within [since, until], oldest first: what
    progress reports show (readable by every role that may read the plan)."""
    return (
        ProjectUpdate.objects.filter(
            project__plan=plan,
            status__in=COUNTING_STATUSES,
            as_of__gte=since,
            as_of__lte=until,
        )
        .select_related("project")
        .order_by("project__number", "as_of", "validated_at")
    )


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
_SYMBOL_PARAGRAPH = re.compile(r"^(?P<symbol>\S+)\s*(?:§|para\.?|paragraph)\s*(?P<paragraph>\S+)$")


def recommendation_resolve(*, user: Any, reference: str) -> int | None:
    """The id of the recommendation ``reference`` names, among those ``user`` may see: the
    address of its page or its identifier, or ``SYMBOL §PARAGRAPH`` as lists show it."""
    from tatabbu.recommendations.models import Recommendation
    from tatabbu.recommendations.permissions import scope_recommendations

    visible = scope_recommendations(Recommendation.objects.all(), user)
    match = _UUID.search(reference)
    if match:
        return visible.filter(uuid=match.group(0).lower()).values_list("pk", flat=True).first()
    match = _SYMBOL_PARAGRAPH.match(reference.strip())
    if not match:
        return None
    symbol, paragraph = match.group("symbol"), match.group("paragraph").rstrip(".")
    found = list(
        visible.filter(
            Q(document__symbol__iexact=symbol) | Q(document__legacy_symbol__iexact=symbol),
            paragraph=paragraph,
        ).values_list("pk", flat=True)[:2]
    )
    return found[0] if len(found) == 1 else None
