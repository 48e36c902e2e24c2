"""Calendar computations on Morocco's real reporting data (loaded by load_reference from
data/reporting_cycles.json, itself from REFERENCE.md)."""

from __future__ import annotations

import datetime

import pytest

from tatabbu.engagement import calendar
from tatabbu.engagement.choices import DeadlineKind
from tatabbu.engagement.models import ReportingCycle

D = datetime.date


def milestones(key: str) -> dict[str, calendar.Milestone]:
    cycle = ReportingCycle.objects.select_related("previous", "treaty", "body").get(key=key)
    return {step.kind: step for step in calendar.cycle_milestones(cycle)}


def test_treaties_enter_into_force_by_their_own_rule() -> None:
    # ICCPR art. 49: three months after deposit; CRC art. 49 and CRPD art. 45: the 30th day.
    assert calendar.entry_into_force("ICCPR", D(1979, 5, 3)) == D(1979, 8, 3)
    assert calendar.entry_into_force("CRC", D(1993, 6, 21)) == D(1993, 7, 21)
    assert calendar.entry_into_force("CRPD", D(2009, 4, 8)) == D(2009, 5, 8)
    # ICMW art. 87: first day of the month after three months.
    assert calendar.entry_into_force("ICMW", D(1993, 6, 21)) == D(1993, 10, 1)
    assert calendar.initial_report_due("ICCPR", D(1979, 5, 3), 1) == D(1980, 8, 3)
    assert calendar.initial_report_due("CRPD", D(2009, 4, 8), 2) == D(2011, 5, 8)


def test_add_months_keeps_the_end_of_month() -> None:
    assert calendar.add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert calendar.add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert calendar.add_months(D(2026, 3, 15), -3) == D(2025, 12, 15)


@pytest.mark.django_db
def test_morocco_cycles_are_loaded_from_the_reference() -> None:
    assert ReportingCycle.objects.count() == 23
    ccpr = ReportingCycle.objects.get(key="ccpr-6")
    assert ccpr.outcome_symbol == "CCPR/C/MAR/CO/6"
    assert ccpr.outcome_adopted_on == D(2016, 11, 2)
    assert ReportingCycle.objects.get(key="ccpr-7").previous == ccpr


@pytest.mark.django_db
def test_iccpr_seventh_report_follows_the_predictable_cycle_and_the_loipr_steps() -> None:
    steps = milestones("ccpr-7")
    # Last dialogue 24 Oct 2016 + 8 years; LOIPR two years before; replies one year before.
    assert steps[DeadlineKind.DIALOGUE].date == D(2024, 10, 24)
    assert steps[DeadlineKind.LOIPR].date == D(2022, 10, 24)
    assert steps[DeadlineKind.REPORT_DUE].date == D(2023, 10, 24)
    assert all(step.estimated for step in steps.values())


@pytest.mark.django_db
def test_iccpr_sixth_report_follow_up_was_due_a_year_after_adoption() -> None:
    steps = milestones("ccpr-6")
    assert steps[DeadlineKind.FOLLOW_UP_DUE].date == D(2017, 11, 2)
    assert steps[DeadlineKind.FOLLOW_UP_DUE].estimated
    assert steps[DeadlineKind.DIALOGUE] == calendar.Milestone(
        DeadlineKind.DIALOGUE, D(2016, 10, 24), False
    )
    assert steps[DeadlineKind.CONCLUDING_OBSERVATIONS].date == D(2016, 12, 1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "due"),
    [
        ("cescr-5", D(2020, 10, 8)),  # E/C.12/MAR/CO/4 adopted 8 Oct 2015 + 5 years
        ("crc-5-6", D(2019, 9, 19)),  # CRC/C/MAR/CO/3-4 adopted 19 Sep 2014 + 5 years
        ("cat-5", D(2015, 12, 21)),  # CAT/C/MAR/CO/4 issued 21 Dec 2011 (adoption day unknown)
        ("cedaw-7", D(2026, 7, 4)),  # CEDAW/C/MAR/CO/5-6 issued 4 Jul 2022 + 4 years
        ("crpd-2-3", D(2021, 8, 28)),  # CRPD/C/MAR/CO/1 adopted 28 Aug 2017 + 4 years
    ],
)
def test_next_report_due_from_the_treaty_periodicity(key: str, due: datetime.date) -> None:
    step = milestones(key)[DeadlineKind.REPORT_DUE]
    assert (step.date, step.estimated, step.basis) == (due, True, "periodicity")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "due"),
    [
        ("cerd-19-21", D(2024, 12, 6)),  # adopted 6 Dec 2023, CERD: one year
        ("ced-1", D(2025, 10, 4)),  # adopted 4 Oct 2024, CED: one year
        ("cescr-4", D(2017, 10, 8)),  # adopted 8 Oct 2015, CESCR: two years
    ],
)
def test_follow_up_deadlines_of_the_last_concluding_observations(
    key: str, due: datetime.date
) -> None:
    assert milestones(key)[DeadlineKind.FOLLOW_UP_DUE].date == due


@pytest.mark.django_db
def test_crc_has_no_follow_up_procedure_and_ced_no_periodic_report() -> None:
    assert DeadlineKind.FOLLOW_UP_DUE not in milestones("crc-3-4")
    assert DeadlineKind.REPORT_DUE not in milestones("ced-additional")


@pytest.mark.django_db
def test_an_official_date_replaces_the_estimate() -> None:
    ReportingCycle.objects.filter(key="cescr-5").update(due_date=D(2021, 10, 31))
    step = milestones("cescr-5")[DeadlineKind.REPORT_DUE]
    assert (step.date, step.estimated) == (D(2021, 10, 31), False)


@pytest.mark.django_db
def test_upr_cycle_four_mid_term_report_and_fifth_review() -> None:
    fourth = milestones("upr-4")
    assert fourth[DeadlineKind.UPR_REVIEW].date == D(2022, 11, 8)
    assert fourth[DeadlineKind.UPR_MID_TERM].date == D(2025, 5, 8)
    fifth = milestones("upr-5")
    assert fifth[DeadlineKind.UPR_REVIEW] == calendar.Milestone(
        DeadlineKind.UPR_REVIEW, D(2027, 11, 8), True, "cycle"
    )
    assert DeadlineKind.REPORT_DUE not in fifth


@pytest.mark.django_db
def test_loading_again_changes_nothing() -> None:
    from tatabbu.engagement.services import reporting_cycles_load_reference

    outcomes = reporting_cycles_load_reference(actor=None)
    assert outcomes == {"cycle_unchanged": 23}
