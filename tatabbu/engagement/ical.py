"""A small iCalendar (RFC 5545) writer for the calendar feed: all-day events only.

Written here rather than adding the ``icalendar`` dependency: the feed needs VCALENDAR, VEVENT,
five properties, TEXT escaping (§3.3.11), DATE values and line folding at 75 octets (§3.1),
all of which fit in this file and are tested.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

CRLF = "\r\n"
MAX_OCTETS = 75


@dataclass(frozen=True)
class AllDayEvent:
    uid: str
    date: datetime.date
    summary: str
    description: str = ""
    url: str = ""
    categories: str = ""


def escape_text(value: str) -> str:
    """TEXT value escaping: backslash, semicolon, comma and newlines (RFC 5545 §3.3.11)."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets, never inside a UTF-8 character;
    continuation lines start with one space (RFC 5545 §3.1)."""
    pieces: list[str] = []
    current, size, limit = "", 0, MAX_OCTETS
    for character in line:
        width = len(character.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, MAX_OCTETS - 1
        current += character
        size += width
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def _date(value: datetime.date) -> str:
    return value.strftime("%Y%m%d")


def calendar_text(events: Iterable[AllDayEvent], *, name: str, stamp: datetime.datetime) -> str:
    """The whole VCALENDAR object, CRLF line ends."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//DIDH//Tatabbu//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    stamp_text = stamp.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape_text(event.uid)}",
            f"DTSTAMP:{stamp_text}",
            f"DTSTART;VALUE=DATE:{_date(event.date)}",
            f"DTEND;VALUE=DATE:{_date(event.date + datetime.timedelta(days=1))}",
            f"SUMMARY:{escape_text(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        if event.categories:
            lines.append(f"CATEGORIES:{escape_text(event.categories)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
