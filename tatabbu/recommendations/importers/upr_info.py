"""``upr-info``: the UPR Info database export (CSV, one row per recommending State).

Columns: see ``shared/data/upr-info-2008-2014/README.md``. UPR Info's issues are not UHRI themes:
they are kept in ``source_labels["upr_info_issues"]``; its action category (1–5) is ours.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from ..choices import DocumentType, Position
from .base import Candidate, ParseOptions
from .readers import Table

REQUIRED_COLUMNS = {
    "id",
    "session",
    "cycle",
    "state_under_review",
    "recommendation",
    "recommending_state",
    "response",
    "action_category",
    "issues",
}
RESPONSES = {"accepted": Position.SUPPORTED, "noted": Position.NOTED}
# Year of each UPR Working Group session (three a year from April 2008; two in 2012).
SESSION_YEARS = {
    **dict.fromkeys(range(1, 4), 2008),
    **dict.fromkeys(range(4, 7), 2009),
    **dict.fromkeys(range(7, 10), 2010),
    **dict.fromkeys(range(10, 13), 2011),
    **dict.fromkeys(range(13, 15), 2012),
    **dict.fromkeys(range(15, 18), 2013),
    **dict.fromkeys(range(18, 21), 2014),
}
COLUMNS = {
    "natural_key": "id",
    "state": "state_under_review",
    "text": "recommendation",
    "text_en": "recommendation",
    "recommending_states": "recommending_state",
    "position": "response",
}


def parse(path: Path, options: ParseOptions) -> Iterator[Candidate]:
    table = Table(path, kind="csv")
    table.check_columns(REQUIRED_COLUMNS)
    for number, row, problems in table.rows():
        candidate = Candidate(row=number, columns=COLUMNS)
        if candidate.report(problems):
            yield candidate
            continue
        session = row["session"]
        year = SESSION_YEARS.get(int(session)) if session.isdigit() else None
        response = row["response"]
        position = RESPONSES.get(response.lower(), "")
        if not position:
            candidate.error(
                "position",
                "invalid_choice",
                _("“%(value)s” is not Accepted or Noted.") % {"value": response},
            )
        candidate.natural_key = f"upr-info:{row['id']}" if row["id"] else ""
        candidate.document_key = f"upr-info:{{state}}:session-{session}"
        candidate.document_type = DocumentType.UPR_REPORT
        candidate.document_title = f"UPR Working Group, session {session} (UPR Info database)"
        candidate.mechanism = "UPR"
        candidate.state = row["state_under_review"]
        candidate.cycle = row["cycle"]
        candidate.session = session
        candidate.year = str(year or "")
        candidate.text_en = row["recommendation"]
        candidate.position = position
        candidate.action_category = row["action_category"]
        candidate.recommending_states = _recommending(candidate, row["recommending_state"])
        candidate.source_labels = {
            "upr_info_id": row["id"],
            "upr_info_issues": [label for label in row["issues"].split(",") if label.strip()],
        }
        yield candidate


def _recommending(candidate: Candidate, value: str) -> list[str]:
    """UPR Info writes an unknown recommending State as ``&#40;Unknown&#41;``."""
    name = html.unescape(value).strip()
    if name.strip("()").lower() in {"unknown", ""}:
        if name:
            candidate.warn(
                "recommending_states",
                "unknown_in_source",
                _("the source does not know the recommending State."),
            )
        return []
    return [name]
