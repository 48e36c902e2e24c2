"""Between model labels and the recommendation: which text a task reads, which labels a
recommendation already has, how a label is shown, and what accepting it changes.

Labels are stored as the model emits them: UPR Info issue names, action categories "1"–"5",
UHRI theme and group names (English UHRI spelling), SDG goal numbers, and institution slugs
(a model trained from the tracker file emits French names; they are resolved to our
institutions' slugs when the suggestion is made)."""

from __future__ import annotations

from typing import Any

from tatabbu.institutions.selectors import institution_lookup_table
from tatabbu.recommendations.choices import ActionCategory
from tatabbu.recommendations.models import Recommendation
from tatabbu.taxonomy.models import PersonGroup, SdgGoal, Theme

from .choices import Task
from .ml.institutions import Reading, context_tokens

ENGLISH_TASKS = {
    Task.UPR_ISSUES,
    Task.UPR_ACTION,
    Task.UHRI_THEMES,
    Task.UHRI_PERSONS,
    Task.UHRI_SDG,
}
SOURCE_KEYS = {
    Task.UPR_ISSUES: "upr_info_issues",
    Task.UHRI_THEMES: "uhri_themes",
    Task.UHRI_PERSONS: "uhri_affected_persons",
    Task.INSTITUTION: "responsible_institutions",
}
# The tracker's own assignment (``didh`` importer): labels of the institution task too.
TRACKER_INSTITUTIONS = "didh_responsible_institutions"


def task_text(recommendation: Recommendation, task: str) -> str:
    """The text the task's model reads ("" when the recommendation has none it can read)."""
    if task in ENGLISH_TASKS:
        return recommendation.text_en
    return recommendation.text_fr or recommendation.text_ar


def task_inputs(recommendation: Recommendation, task: str) -> list[str] | Reading:
    """What the task's model reads: the English text, or for institutions every French and
    Arabic version (their decision values are averaged) with the recommendation's context."""
    if task in ENGLISH_TASKS:
        return [recommendation.text_en] if recommendation.text_en.strip() else []
    return Reading((recommendation.text_fr, recommendation.text_ar), context(recommendation))


def context(recommendation: Recommendation) -> list[str]:
    """What is known of a recommendation besides its text when it is imported: mechanism kind,
    treaty body or mandate (the tracker's mandate title when it came from the tracker, as in
    the training file), the tracker's axes and sub-axes (``ml.institutions.context_tokens``)."""
    mechanism = recommendation.mechanism
    source = recommendation.source_labels or {}
    kind = mechanism.kind if mechanism is not None else ""
    body = ""
    if kind == "treaty_body":
        body = mechanism.code
    elif kind == "special_procedure":
        mandate = source.get("didh_special_procedure") or {}
        body = (mandate.get("fr") if isinstance(mandate, dict) else "") or mechanism.code
    return context_tokens(
        kind,
        body,
        [axis.get("id") for axis in source.get("didh_axes") or [] if isinstance(axis, dict)],
        [axis.get("id") for axis in source.get("didh_sub_axes") or [] if isinstance(axis, dict)],
    )


def current_labels(recommendation: Recommendation, task: str) -> set[str]:
    """Labels the recommendation already carries for ``task``."""
    source = recommendation.source_labels or {}
    if task == Task.UPR_ACTION:
        return {str(recommendation.action_category)} if recommendation.action_category else set()
    labels = set(source.get(SOURCE_KEYS.get(task, ""), []) or [])
    if task == Task.INSTITUTION:
        labels |= set(source.get(TRACKER_INSTITUTIONS) or [])
    if task == Task.UHRI_THEMES:
        labels |= {theme.label_en for theme in recommendation.themes.all()}
    elif task == Task.UHRI_PERSONS:
        labels |= {group.label_en for group in recommendation.groups.all()}
    elif task == Task.UHRI_SDG:
        labels |= {str(goal.number) for goal in recommendation.sdg_goals.all()}
    return labels


def canonical(task: str, label: str, institutions: dict[str, Any] | None = None) -> str:
    """Institution names → slugs when we know the institution; other labels unchanged."""
    if task != Task.INSTITUTION:
        return label
    table = institutions if institutions is not None else institution_lookup_table()
    institution = table.get(label.strip())
    return institution.slug if institution is not None else label


def display(task: str, label: str) -> str:
    """The label as shown to people, in the active language where we hold translations."""
    if task == Task.UHRI_THEMES:
        theme = Theme.objects.filter(label_en__iexact=label).first()
        return str(theme.label) if theme is not None else label
    if task == Task.UHRI_PERSONS:
        group = PersonGroup.objects.filter(label_en__iexact=label).first()
        return str(group.label) if group is not None else label
    if task == Task.INSTITUTION:
        institution = institution_lookup_table().get(label)
        return str(institution.name) if institution is not None else label
    if task == Task.UHRI_SDG and label.isdigit():
        goal = SdgGoal.objects.filter(number=int(label)).first()
        return str(goal) if goal is not None else label
    if task == Task.UPR_ACTION and label.isdigit() and int(label) in ActionCategory.values:
        return str(ActionCategory(int(label)).label)
    return label


def apply(recommendation: Recommendation, task: str, label: str) -> list[str]:
    """Give ``recommendation`` the accepted ``label``; returns the changed field names."""
    if task == Task.UPR_ACTION:
        recommendation.action_category = int(label)
        return ["action_category"]
    if task == Task.UHRI_SDG and label.isdigit():
        goal = SdgGoal.objects.filter(number=int(label)).first()
        if goal is not None:
            recommendation.sdg_goals.add(goal)
            return ["sdg_goals"]
    if task == Task.UHRI_THEMES:
        theme = Theme.objects.filter(label_en__iexact=label).first()
        if theme is not None:
            recommendation.themes.add(theme)
            return ["themes"]
    if task == Task.UHRI_PERSONS:
        group = PersonGroup.objects.filter(label_en__iexact=label).first()
        if group is not None:
            recommendation.groups.add(group)
            return ["groups"]
    key = SOURCE_KEYS.get(task) or f"accepted_{task}"
    source = dict(recommendation.source_labels or {})
    values = list(source.get(key) or [])
    if label not in values:
        values.append(label)
    source[key] = values
    recommendation.source_labels = source
    return ["source_labels"]
