"""Reporting-calendar computations: when a report, a dialogue or a follow-up reply is due.

Dates the UN has set are taken as they are; the others are estimated from the rules below and
marked ``estimated``. The rules, and what they rest on (REFERENCE.md §1.2–1.3):

- a treaty enters into force for the State 30 days after its instrument is deposited (three
  months for the two Covenants, art. 49 ICCPR and art. 27 ICESCR; the first day of the month
  after three months for ICMW, art. 87); the initial report is due ``initial_report_years``
  after that;
- under the **8-year predictable review cycle** the next dialogue comes eight years after the
  previous one; under the simplified procedure the list of issues prior to reporting (LOIPR) is
  adopted two years before the dialogue and the replies (the report) are due a year after it;
- otherwise the next report is due ``periodic_report_years`` (treaty text) after the
  concluding observations were adopted;
- the follow-up reply on the paragraphs selected for follow-up is due ``follow_up_months``
  after adoption (the cycle's own figure, else the body's usual period below);
- a UPR review is followed by the voluntary mid-term report half-way (30 months) and by the next
  review about five years later (Morocco: 2008, 2012, 2017, 2022).
"""

from __future__ import annotations

import calendar as _calendar
import datetime
from dataclasses import dataclass
from typing import Any

from .choices import DeadlineKind, Procedure

PREDICTABLE_CYCLE_YEARS = 8
LOIPR_YEARS_BEFORE_DIALOGUE = 2
REPORT_YEARS_BEFORE_DIALOGUE = 1
UPR_MID_TERM_MONTHS = 30
UPR_CYCLE_MONTHS = 60
COMMUNICATION_OBSERVATIONS_MONTHS = 6
COMMUNICATION_FOLLOW_UP_DAYS = 180
SP_REPLY_DAYS = 60  # special procedures ask for a reply within 60 days

# Months after adoption of the concluding observations for the follow-up reply, by body, where
# the concluding observations do not say (usual practice; REFERENCE.md §1.3 "usually within
# 2 years"). CRC has no follow-up procedure; CED asks within one year.
FOLLOW_UP_MONTHS = {
    "CCPR": 24,
    "CESCR": 24,
    "CEDAW": 24,
    "CAT": 12,
    "CERD": 12,
    "CRPD": 12,
    "CED": 12,
    "CMW": 24,
}

# How a treaty enters into force for a State after the deposit of its instrument.
ENTRY_INTO_FORCE_RULE = {
    "ICCPR": ("months", 3),
    "ICESCR": ("months", 3),
    "ICMW": ("first_of_month_after_months", 3),
}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by ``months`` calendar months (the 31st becomes the month's last day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def add_years(day: datetime.date, years: int) -> datetime.date:
    return add_months(day, 12 * years)


def entry_into_force(treaty_code: str, deposited_on: datetime.date) -> datetime.date:
    """The date the treaty binds the State, from the date its instrument was deposited."""
    rule, value = ENTRY_INTO_FORCE_RULE.get(treaty_code, ("days", 30))
    if rule == "months":
        return add_months(deposited_on, value)
    if rule == "first_of_month_after_months":
        later = add_months(deposited_on, value)
        return add_months(later.replace(day=1), 1)
    return deposited_on + datetime.timedelta(days=value)


def initial_report_due(
    treaty_code: str, deposited_on: datetime.date, initial_report_years: int
) -> datetime.date:
    return add_years(entry_into_force(treaty_code, deposited_on), initial_report_years)


def predictable_next_dialogue(previous_dialogue: datetime.date) -> datetime.date:
    return add_years(previous_dialogue, PREDICTABLE_CYCLE_YEARS)


def simplified_procedure_steps(next_dialogue: datetime.date) -> dict[str, datetime.date]:
    """The LOIPR and the report (replies) due date that lead to a dialogue."""
    return {
        DeadlineKind.LOIPR: add_years(next_dialogue, -LOIPR_YEARS_BEFORE_DIALOGUE),
        DeadlineKind.REPORT_DUE: add_years(next_dialogue, -REPORT_YEARS_BEFORE_DIALOGUE),
    }


def follow_up_due(
    body_code: str, adopted_on: datetime.date, months: int | None = None
) -> datetime.date | None:
    period = months if months is not None else FOLLOW_UP_MONTHS.get(body_code)
    return add_months(adopted_on, period) if period else None


def communication_observations_due(registered_on: datetime.date) -> datetime.date:
    return add_months(registered_on, COMMUNICATION_OBSERVATIONS_MONTHS)


def communication_follow_up_due(views_date: datetime.date) -> datetime.date:
    return views_date + datetime.timedelta(days=COMMUNICATION_FOLLOW_UP_DAYS)


@dataclass(frozen=True)
class Milestone:
    """One dated step of a reporting cycle."""

    kind: str
    date: datetime.date
    estimated: bool
    basis: str = ""

    @property
    def kind_label(self) -> str:
        return str(DeadlineKind(self.kind).label)


def _outcome_date(cycle: Any) -> datetime.date | None:
    return cycle.outcome_adopted_on or cycle.outcome_issued_on or cycle.dialogue_end


def _estimated_dialogue(cycle: Any) -> datetime.date | None:
    previous = cycle.previous
    if previous is None or previous.dialogue_start is None:
        return None
    if cycle.procedure == Procedure.UPR:
        return add_months(previous.dialogue_start, UPR_CYCLE_MONTHS)
    if cycle.predictable_cycle:
        return predictable_next_dialogue(previous.dialogue_start)
    return None


def _estimated_due(cycle: Any) -> tuple[datetime.date | None, str]:
    previous = cycle.previous
    dialogue = _estimated_dialogue(cycle)
    if cycle.predictable_cycle and dialogue and cycle.procedure != Procedure.UPR:
        return simplified_procedure_steps(dialogue)[DeadlineKind.REPORT_DUE], "predictable"
    if cycle.procedure == Procedure.ON_REQUEST:
        return None, ""
    years = getattr(cycle.treaty, "periodic_report_years", None)
    if previous is not None and years and _outcome_date(previous):
        return add_years(_outcome_date(previous), years), "periodicity"
    return None, ""


def cycle_milestones(cycle: Any) -> list[Milestone]:
    """Every dated step of ``cycle``: official dates as stored, the others estimated.

    ``cycle`` needs ``previous``, ``treaty`` and ``body`` loaded (selectors do it)."""
    steps: list[Milestone] = []

    def add(kind: str, date: datetime.date | None, estimated: bool, basis: str = "") -> None:
        if date is not None:
            steps.append(Milestone(kind, date, estimated, basis))

    upr = cycle.procedure == Procedure.UPR
    dialogue = cycle.dialogue_start
    if dialogue is None:
        add(
            DeadlineKind.UPR_REVIEW if upr else DeadlineKind.DIALOGUE,
            _estimated_dialogue(cycle),
            True,
            "cycle",
        )
    else:
        add(DeadlineKind.UPR_REVIEW if upr else DeadlineKind.DIALOGUE, dialogue, False)
    if cycle.loipr_date:
        add(DeadlineKind.LOIPR, cycle.loipr_date, False)
    elif cycle.procedure == Procedure.SIMPLIFIED and cycle.predictable_cycle and not dialogue:
        estimated_dialogue = _estimated_dialogue(cycle)
        if estimated_dialogue:
            add(
                DeadlineKind.LOIPR,
                simplified_procedure_steps(estimated_dialogue)[DeadlineKind.LOIPR],
                True,
                "predictable",
            )
    if cycle.due_date:
        add(DeadlineKind.REPORT_DUE, cycle.due_date, False)
    elif not cycle.submitted_on and not upr:
        due, basis = _estimated_due(cycle)
        add(DeadlineKind.REPORT_DUE, due, True, basis)
    add(DeadlineKind.REPORT_SUBMITTED, cycle.submitted_on, False)
    add(
        DeadlineKind.CONCLUDING_OBSERVATIONS,
        cycle.outcome_issued_on or cycle.outcome_adopted_on,
        False,
    )
    if upr:
        if dialogue:
            add(
                DeadlineKind.UPR_MID_TERM,
                add_months(dialogue, UPR_MID_TERM_MONTHS),
                True,
                "mid-term",
            )
    elif cycle.follow_up_due:
        add(DeadlineKind.FOLLOW_UP_DUE, cycle.follow_up_due, False)
    elif _outcome_date(cycle) and cycle.outcome_symbol:
        add(
            DeadlineKind.FOLLOW_UP_DUE,
            follow_up_due(cycle.body.code, _outcome_date(cycle), cycle.follow_up_months),
            True,
            "follow-up",
        )
    return sorted(steps, key=lambda step: step.date)


def next_milestone(cycle: Any, today: datetime.date) -> Milestone | None:
    """The next dated step; for a report not yet submitted whose due date has passed, that
    (overdue) due date."""
    steps = cycle_milestones(cycle)
    overdue = [
        step
        for step in steps
        if step.kind == DeadlineKind.REPORT_DUE and step.date < today and not cycle.submitted_on
    ]
    if overdue:
        return overdue[0]
    upcoming = [step for step in steps if step.date >= today]
    return upcoming[0] if upcoming else None
