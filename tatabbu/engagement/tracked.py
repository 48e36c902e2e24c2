"""Tracked data pulled into a report section: the section's recommendations with their
position, themes and follow-up, and the validated updates of the plan projects of the cycle.

``recommendation_follow_up`` is the one place that says, for each recommendation, which
institutions carry it, its status and its latest validated update (from the follow-up app's
assignments and progress updates).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FollowUpFacts:
    institutions: list[str] = field(default_factory=list)
    status: str = ""
    latest_update: str = ""
    latest_update_date: datetime.date | None = None


def recommendation_follow_up(recommendations: Iterable[Any]) -> dict[int, FollowUpFacts]:
    """Institutions (lead first, then contributing), effective status and latest validated (or
    published) progress update of each recommendation, from the follow-up app: three queries
    whatever the number of recommendations."""
    from tatabbu.core.workflow import ReviewStatus
    from tatabbu.followup.models import Assignment, ProgressUpdate

    recommendations = list(recommendations)
    ids = [recommendation.pk for recommendation in recommendations]
    assignments = {
        assignment.recommendation_id: assignment
        for assignment in Assignment.objects.filter(recommendation_id__in=ids)
        .select_related("lead_institution")
        .prefetch_related("contributing_institutions")
    }
    latest: dict[int, Any] = {}
    updates = ProgressUpdate.objects.filter(
        recommendation_id__in=ids,
        status__in=[ReviewStatus.VALIDATED, ReviewStatus.PUBLISHED],
    ).order_by("recommendation_id", "validated_at", "id")
    for update in updates:
        latest[update.recommendation_id] = update  # the latest wins
    facts = {}
    for recommendation in recommendations:
        assignment = assignments.get(recommendation.pk)
        institutions = []
        if assignment is not None:
            institutions.append(str(assignment.lead_institution))
            institutions.extend(
                str(institution) for institution in assignment.contributing_institutions.all()
            )
        update = latest.get(recommendation.pk)
        facts[recommendation.pk] = FollowUpFacts(
            institutions=institutions,
            status=str(recommendation.get_implementation_status_display())
            if recommendation.implementation_status
            else "",
            latest_update=update.text if update is not None else "",
            latest_update_date=(
                (update.validated_at or update.updated_at).date() if update is not None else None
            ),
        )
    return facts


def _recommendation_lines(section: Any) -> list[str]:
    recommendations = list(
        section.recommendations.select_related("document").prefetch_related("themes")
    )
    facts = recommendation_follow_up(recommendations)
    lines = []
    for recommendation in recommendations:
        symbol = recommendation.document.symbol if recommendation.document else ""
        themes = ", ".join(str(theme) for theme in recommendation.themes.all())
        text = recommendation.text_fr or recommendation.text_en or recommendation.text_ar
        detail = [
            value
            for value in (
                recommendation.get_position_display() if recommendation.position else "",
                themes,
                ", ".join(facts[recommendation.pk].institutions),
                facts[recommendation.pk].status,
            )
            if value
        ]
        line = f"- {symbol} §{recommendation.paragraph}: {text}"
        if detail:
            line += f" ({'; '.join(detail)})"
        update = facts[recommendation.pk]
        if update.latest_update:
            label = _("Latest validated update")
            line += f"\n  {label}: {update.latest_update}"
        lines.append(line)
    return lines


def _project_lines(section: Any) -> list[str]:
    from tatabbu.actionplan.selectors import validated_updates

    lines = []
    for project in section.report.cycle.projects.select_related("plan"):
        updates = [
            update
            for update in validated_updates(
                plan=project.plan, since=datetime.date(1900, 1, 1), until=datetime.date(2999, 1, 1)
            )
            if update.project_id == project.pk
        ]
        latest = updates[-1] if updates else None
        label = _("Plan project")
        line = f"- {label} {project.number}: {project}"
        if latest is not None:
            narrative = latest.narrative_fr or latest.narrative_en or latest.narrative_ar
            line += f" — {latest.as_of.isoformat()}, {latest.progress_percent}%: {narrative}"
        lines.append(line)
    return lines


def section_tracked_text(section: Any) -> str:
    """The tracked data as plain text, ready to be edited into the section."""
    parts = []
    recommendation_lines = _recommendation_lines(section)
    if recommendation_lines:
        parts.append(_("Recommendations followed up") + ":\n" + "\n".join(recommendation_lines))
    project_lines = _project_lines(section)
    if project_lines:
        parts.append(_("Action plan") + ":\n" + "\n".join(project_lines))
    return "\n\n".join(parts)
