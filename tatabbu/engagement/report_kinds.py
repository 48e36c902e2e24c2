"""Report kinds of the engagement app (found by the reporting registry's autodiscovery):

- ``treaty``: with ``--cycle KEY`` (e.g. ``ccpr-7``), the State's report drafted in the report
  factory for that cycle (its sections, their mapping and consolidated text), or the cycle's
  calendar when no draft exists; without it, the treaty-reporting calendar of every body.
- ``upr-status``: every recommendation of a UPR cycle with its position, institutions, status
  and latest validated update (``tracked.recommendation_follow_up``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tatabbu.core.models import localized_language, localized_value
from tatabbu.reporting.document import (
    Column,
    Facts,
    Heading,
    PageBreak,
    Paragraph,
    ReportDocument,
    Table,
    Text,
)
from tatabbu.reporting.registry import (
    BuildContext,
    ReportKind,
    ReportOption,
    ReportOptionError,
    register,
)

from . import calendar
from .choices import DeadlineKind
from .models import ReportingCycle, StateReport
from .permissions import can_manage_engagement, can_view_engagement
from .tracked import recommendation_follow_up

DETAIL = frozenset({"docx", "pdf"})


def _state_name() -> str:
    from tatabbu.taxonomy.models import Country

    state = Country.objects.filter(code=settings.TATABBU_STATE_CODE).first()
    return str(state.name) if state else ""


def _text(instance: Any, field: str, language: str) -> str | Text:
    value = localized_value(instance, field, language)
    own = localized_language(instance, field, language)
    return value if own == language else Text(value, own)


def _in_language(value: str, own: str, language: str) -> str | Text:
    return value if own == language else Text(value, own)


# --- treaty ---------------------------------------------------------------------------------


def _cycle_key(value: str) -> str:
    if not ReportingCycle.objects.filter(key=value).exists():
        raise ValueError(f"unknown reporting cycle {value!r}")
    return value


def _cycle_choices(user: Any) -> list[tuple[str, str]]:
    return [(cycle.key, str(cycle)) for cycle in ReportingCycle.objects.select_related("body")]


def treaty_can_request(user: Any, options: dict[str, Any]) -> bool:
    """The command line may; drafts of State reports are for coordinators, the calendar for
    every back-office role."""
    if user is None:
        return True
    return can_manage_engagement(user) if options.get("cycle") else can_view_engagement(user)


def treaty_size(options: dict[str, Any]) -> int:
    if not options.get("cycle"):
        return ReportingCycle.objects.count()
    draft = _draft(options["cycle"])
    return draft.sections.count() * 5 if draft else 10


def _draft(key: str) -> StateReport | None:
    drafts = StateReport.objects.filter(cycle__key=key).select_related("cycle", "cycle__body")
    return drafts.filter(status="approved").first() or drafts.order_by("-created_at").first()


def _milestone_rows(cycle: ReportingCycle) -> list[list[Any]]:
    return [
        [step.date, str(DeadlineKind(step.kind).label), _("estimated") if step.estimated else ""]
        for step in calendar.cycle_milestones(cycle)
    ]


def _milestone_columns() -> list[Column]:
    return [
        Column(_("Date"), "date", 1),
        Column(_("Step"), "text", 3),
        Column(_("Basis"), "text", 1),
    ]


def _build_draft(context: BuildContext, draft: StateReport) -> ReportDocument:
    language = context.language
    cycle = draft.cycle
    document = ReportDocument(
        language=language,
        title=draft.title,
        subtitle=str(cycle.treaty.name) if cycle.treaty else str(cycle.body.name),
        state_name=_state_name(),
        body_name=str(cycle.body.name),
        symbol=draft.symbol,
        date=context.today,
        file_stem=f"{cycle.key}-{language}",
    )
    document.add(
        Facts(
            [
                (_("Reporting cycle"), str(cycle)),
                (_("Procedure"), str(cycle.get_procedure_display())),
                (_("Status"), str(draft.get_status_display())),
            ]
        )
    )
    for section in draft.sections.order_by("position", "pk"):
        heading = _in_language(section.heading, draft.language, language)
        document.add(Heading(heading, level=1))
        mapping = [
            (label, value)
            for label, value in (
                (_("Articles"), section.articles),
                (_("LOI questions"), section.loi_questions),
                (_("CO paragraphs"), section.co_paragraphs),
            )
            if value
        ]
        if mapping:
            document.add(Facts(mapping, formats=DETAIL))
        for paragraph in [part.strip() for part in section.text.split("\n\n") if part.strip()]:
            document.add(Paragraph(_in_language(paragraph, draft.language, language)))
    document.add(
        Table(
            columns=[Column(_("Section"), "text", 3), Column(_("Status"), "text", 1)],
            rows=[
                [_in_language(s.heading, draft.language, language), str(s.get_status_display())]
                for s in draft.sections.order_by("position", "pk")
            ],
            caption=_("Sections"),
            sheet=_("Sections"),
            formats=frozenset({"xlsx"}),
        )
    )
    return document


def _build_calendar(context: BuildContext, cycles: list[ReportingCycle]) -> ReportDocument:
    language = context.language
    single = len(cycles) == 1
    document = ReportDocument(
        language=language,
        title=str(cycles[0]) if single else _("Treaty-reporting calendar"),
        subtitle=_("Reporting calendar"),
        state_name=_state_name(),
        body_name=str(cycles[0].body.name)
        if single
        else _("United Nations human-rights mechanisms"),
        symbol=cycles[0].outcome_symbol or cycles[0].report_symbol if single else "",
        date=context.today,
        file_stem=f"{cycles[0].key if single else 'treaty-calendar'}-{language}",
    )
    overview = []
    for cycle in cycles:
        following = calendar.next_milestone(cycle, context.today)
        overview.append(
            [
                cycle.body.code,
                f"{cycle.get_report_type_display()} {cycle.number}",
                str(cycle.get_status_display()),
                cycle.outcome_symbol or cycle.report_symbol or cycle.loipr_symbol,
                following.date if following else None,
                str(DeadlineKind(following.kind).label) if following else "",
            ]
        )
    document.add(
        Heading(_("Reporting cycles")),
        Table(
            columns=[
                Column(_("Body"), "text", 1),
                Column(_("Report"), "text", 2),
                Column(_("Status"), "text", 1),
                Column(_("Last document"), "text", 2),
                Column(_("Next date"), "date", 1),
                Column(_("Step"), "text", 2),
            ],
            rows=overview,
            sheet=_("Reporting cycles"),
        ),
    )
    for cycle in cycles:
        rows = _milestone_rows(cycle)
        if not rows:
            continue
        document.add(
            Heading(str(cycle), level=2, formats=DETAIL),
            Table(columns=_milestone_columns(), rows=rows, formats=DETAIL),
        )
    return document


def treaty_build(context: BuildContext) -> ReportDocument:
    key = context.options.get("cycle")
    queryset = ReportingCycle.objects.select_related(
        "body", "treaty", "previous", "previous__treaty"
    ).order_by("body__code", "created_at")
    if not key:
        return _build_calendar(context, list(queryset.exclude(body__code="UPR")))
    draft = _draft(key)
    if draft is not None:
        return _build_draft(context, draft)
    return _build_calendar(context, list(queryset.filter(key=key)))


register(
    ReportKind(
        code="treaty",
        label=gettext_lazy("Treaty report"),
        description=gettext_lazy(
            "With a reporting cycle: the State's report drafted for it (sections, mapping and "
            "consolidated text), or its calendar. Without: the treaty-reporting calendar."
        ),
        build=treaty_build,
        can_request=treaty_can_request,
        options=(
            ReportOption(
                "cycle",
                gettext_lazy("Reporting cycle"),
                gettext_lazy("Key of the cycle, e.g. ccpr-7 (default: every treaty body)."),
                parse=_cycle_key,
                choices=_cycle_choices,
            ),
        ),
        size=treaty_size,
    )
)


# --- upr-status -----------------------------------------------------------------------------


def _upr_cycle(value: str) -> int:
    number = int(value)
    if not 1 <= number <= 20:
        raise ValueError("out of range")
    return number


def _upr_recommendations(user: Any, number: int) -> Any:
    from tatabbu.recommendations.permissions import SYSTEM
    from tatabbu.recommendations.selectors import recommendation_list

    return (
        recommendation_list(user=user or SYSTEM, filters={})
        .filter(mechanism__code="UPR", cycle=number, state__code=settings.TATABBU_STATE_CODE)
        .select_related("document")
        .prefetch_related("recommending_states", "themes")
        .order_by("document__symbol", "paragraph", "pk")
    )


def upr_can_request(user: Any, options: dict[str, Any]) -> bool:
    from tatabbu.recommendations.permissions import can_view_recommendations

    return user is None or can_view_recommendations(user)


def upr_size(options: dict[str, Any]) -> int:
    from tatabbu.recommendations.models import Recommendation

    return Recommendation.objects.filter(mechanism__code="UPR", cycle=options.get("cycle")).count()


def _paragraph_key(value: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order of paragraph numbers: 144.2 before 144.10, 131.a after 131.9."""
    parts = value.replace("-", ".").split(".")
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in parts)


def upr_build(context: BuildContext) -> ReportDocument:
    from tatabbu.mechanisms.models import Mechanism

    language = context.language
    number = context.options["cycle"]
    cycle = ReportingCycle.objects.filter(key=f"upr-{number}").first()
    recommendations = sorted(
        _upr_recommendations(context.user, number), key=lambda r: _paragraph_key(r.paragraph)
    )
    if not recommendations:
        raise ReportOptionError(f"no recommendation of UPR cycle {number} is loaded")
    facts = recommendation_follow_up(recommendations)
    upr = Mechanism.objects.get(code="UPR")
    document = ReportDocument(
        language=language,
        title=_("UPR status report — cycle %(cycle)s") % {"cycle": number},
        subtitle=_("Status of implementation of the recommendations"),
        state_name=_state_name(),
        body_name=str(localized_value(upr, "name", language)),
        symbol=cycle.outcome_symbol if cycle else "",
        date=context.today,
        file_stem=f"upr-{number}-status-{language}",
    )
    by_position: dict[str, int] = {}
    for recommendation in recommendations:
        label = (
            str(recommendation.get_position_display())
            if recommendation.position
            else _("No position")
        )
        by_position[label] = by_position.get(label, 0) + 1
    document.add(
        Heading(_("Summary")),
        Facts(
            [(_("Recommendations"), len(recommendations))]
            + sorted(by_position.items())
            + ([(_("Review"), cycle.dialogue_start)] if cycle and cycle.dialogue_start else [])
        ),
        PageBreak(formats=DETAIL),
        Heading(_("Recommendations")),
    )
    rows = []
    for recommendation in recommendations:
        follow_up = facts[recommendation.pk]
        rows.append(
            [
                recommendation.paragraph,
                _text(recommendation, "text", language),
                ", ".join(str(state.name) for state in recommendation.recommending_states.all()),
                str(recommendation.get_position_display()) if recommendation.position else "",
                ", ".join(follow_up.institutions),
                follow_up.status,
                follow_up.latest_update,
            ]
        )
    document.add(
        Table(
            columns=[
                Column(_("Paragraph"), "text", 1),
                Column(_("Recommendation"), "text", 6),
                Column(_("Recommending States"), "text", 2),
                Column(_("Position"), "text", 1),
                Column(_("Institutions"), "text", 2),
                Column(_("Status"), "text", 1),
                Column(_("Latest validated update"), "text", 3),
            ],
            rows=rows,
            sheet=_("Recommendations"),
        )
    )
    return document


register(
    ReportKind(
        code="upr-status",
        label=gettext_lazy("UPR status report"),
        description=gettext_lazy(
            "Every recommendation of a UPR cycle with its position, institutions, status and "
            "latest validated update."
        ),
        build=upr_build,
        can_request=upr_can_request,
        options=(
            ReportOption(
                "cycle",
                gettext_lazy("UPR cycle"),
                gettext_lazy("1 to 4."),
                required=True,
                parse=_upr_cycle,
            ),
        ),
        size=upr_size,
    )
)
