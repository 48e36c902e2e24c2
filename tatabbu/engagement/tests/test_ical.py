from __future__ import annotations

import datetime

from tatabbu.engagement import ical


def test_text_values_are_escaped() -> None:
    assert ical.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_long_lines_are_folded_at_75_octets_without_splitting_characters() -> None:
    line = "SUMMARY:" + "تقرير " * 40
    folded = ical.fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(part[1:] if i else part for i, part in enumerate(parts)) == line


def test_calendar_has_all_day_events_and_crlf_lines() -> None:
    text = ical.calendar_text(
        [ical.AllDayEvent(uid="x@t", date=datetime.date(2026, 2, 23), summary="HRC 61")],
        name="Deadlines",
        stamp=datetime.datetime(2026, 1, 1, 8, 0, tzinfo=datetime.UTC),
    )
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert "DTSTART;VALUE=DATE:20260223\r\nDTEND;VALUE=DATE:20260224\r\n" in text
    assert "DTSTAMP:20260101T080000Z\r\n" in text
    assert text.endswith("END:VCALENDAR\r\n")
