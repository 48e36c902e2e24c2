"""Dashboard figures: implementation status of the assigned recommendations a user may see, by
mechanism, body, theme, SDG, lead institution or UPR cycle; overdue items; progress over time.

Each breakdown is one GROUP BY query over the scoped recommendations; charts, tables and CSV
exports all read these same rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tatabbu.core.models import language_order
from tatabbu.mechanisms.choices import MechanismKind
from tatabbu.recommendations.choices import ImplementationStatus
from tatabbu.recommendations.models import Recommendation
from tatabbu.recommendations.permissions import scope_recommendations

from . import selectors
from .permissions import can_view_dashboards

STATUSES = [status.value for status in ImplementationStatus]


@dataclass(frozen=True)
class Dimension:
    code: str
    label: Any
    key: str
    labels: tuple[str, str, str] | None  # per-language label columns, or None


DIMENSIONS = {
    dimension.code: dimension
    for dimension in (
        Dimension("kind", _("Mechanism"), "mechanism__kind", None),
        Dimension(
            "body",
            _("Body or mandate"),
            "mechanism__code",
            ("mechanism__name_ar", "mechanism__name_fr", "mechanism__name_en"),
        ),
        Dimension(
            "theme",
            _("Theme"),
            "themes__slug",
            ("themes__label_ar", "themes__label_fr", "themes__label_en"),
        ),
        Dimension(
            "sdg",
            _("Sustainable Development Goal"),
            "sdg_goals__number",
            ("sdg_goals__short_ar", "sdg_goals__short_fr", "sdg_goals__short_en"),
        ),
        Dimension(
            "institution",
            _("Lead institution"),
            "assignment__lead_institution__slug",
            (
                "assignment__lead_institution__name_ar",
                "assignment__lead_institution__name_fr",
                "assignment__lead_institution__name_en",
            ),
        ),
        Dimension("cycle", pgettext_lazy("facet", "UPR cycle"), "cycle", None),
    )
}


@dataclass
class Row:
    key: str
    label: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def implemented_percent(self) -> int:
        total = self.total
        return round(100 * self.counts[ImplementationStatus.IMPLEMENTED] / total) if total else 0

    @property
    def cells(self) -> list[int]:
        return [self.counts[status] for status in STATUSES]


def assigned_base(user: Any) -> QuerySet[Recommendation]:
    """The assigned recommendations ``user`` may see (nothing for other roles)."""
    if not can_view_dashboards(user):
        return Recommendation.objects.none()
    return scope_recommendations(Recommendation.objects.all(), user).filter(
        assignment__isnull=False
    )


def _label(dimension: Dimension, key: Any, values: dict[str, Any]) -> str:
    if dimension.code == "kind":
        return str(dict(MechanismKind.choices).get(key, key))
    if dimension.code == "cycle":
        return str(_("Cycle %(number)s") % {"number": key}) if key else str(_("Not UPR"))
    if dimension.labels is None:
        return str(key)
    by_language = dict(zip(("ar", "fr", "en"), dimension.labels, strict=True))
    for code in language_order():
        if values.get(by_language[code]):
            return str(values[by_language[code]])
    return str(key)


def status_breakdown(*, user: Any, dimension: str) -> list[Row]:
    """Rows of (value of the dimension, count per implementation status), largest first."""
    spec = DIMENSIONS[dimension]
    columns = [spec.key, *(spec.labels or ())]
    rows: dict[Any, Row] = {}
    grouped = (
        assigned_base(user)
        .values(*columns, "implementation_status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for values in grouped:
        key = values[spec.key]
        if key is None and dimension not in {"cycle"}:
            continue
        row = rows.get(key)
        if row is None:
            row = rows[key] = Row(
                key="" if key is None else str(key), label=_label(spec, key, values)
            )
        row.counts[values["implementation_status"]] += values["n"]
    result = list(rows.values())
    if dimension in {"cycle", "sdg"}:
        result.sort(key=lambda row: (row.key == "", int(row.key) if row.key.isdigit() else 0))
    else:
        result.sort(key=lambda row: (-row.total, row.label))
    return result


def overdue_by_institution(*, user: Any, today: datetime.date) -> list[Row]:
    """Assigned recommendations past their deadline and not implemented, by lead institution."""
    spec = DIMENSIONS["institution"]
    grouped = (
        assigned_base(user)
        .filter(assignment__deadline__lt=today)
        .exclude(implementation_status=ImplementationStatus.IMPLEMENTED)
        .values(spec.key, *(spec.labels or ()), "implementation_status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows: dict[str, Row] = {}
    for values in grouped:
        key = values[spec.key]
        row = rows.setdefault(key, Row(key=key, label=_label(spec, key, values)))
        row.counts[values["implementation_status"]] += values["n"]
    return sorted(rows.values(), key=lambda row: (-row.total, row.label))


def overdue_list(*, user: Any, today: datetime.date, limit: int = 50) -> list[Recommendation]:
    return list(
        assigned_base(user)
        .filter(assignment__deadline__lt=today)
        .exclude(implementation_status=ImplementationStatus.IMPLEMENTED)
        .select_related("document", "assignment__lead_institution")
        .order_by("assignment__deadline", "pk")[:limit]
    )


@dataclass
class Month:
    month: datetime.date
    validated: int = 0
    published: int = 0
    cumulative_validated: int = 0


def progress_over_time(*, user: Any) -> list[Month]:
    """Validated and published progress updates per month (with the running total)."""
    updates = selectors.update_list(user=user)
    months: dict[datetime.date, Month] = {}
    for stamp, name in (("validated_at", "validated"), ("published_at", "published")):
        grouped = (
            updates.filter(**{f"{stamp}__isnull": False})
            .annotate(month=TruncMonth(stamp))
            .values("month")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for values in grouped:
            month = values["month"]
            month = month.date() if isinstance(month, datetime.datetime) else month
            entry = months.setdefault(month, Month(month=month))
            setattr(entry, name, values["n"])
    total = 0
    result = []
    for month in sorted(months):
        entry = months[month]
        total += entry.validated
        entry.cumulative_validated = total
        result.append(entry)
    return result


def totals(*, user: Any, today: datetime.date) -> dict[str, int]:
    base = assigned_base(user)
    counts = dict(
        base.values("implementation_status")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("implementation_status", "n")
    )
    return {
        "assigned": sum(counts.values()),
        **{status: counts.get(status, 0) for status in STATUSES},
        "overdue": base.filter(assignment__deadline__lt=today)
        .exclude(implementation_status=ImplementationStatus.IMPLEMENTED)
        .count(),
    }
