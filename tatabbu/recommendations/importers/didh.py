"""``didh``: the recommendations tracker of ``shared/data/morocco-didh-tracker`` (CSV, French and
Arabic).

Mechanism: ``UPR`` rows belong to Morocco's third-cycle Working Group report (A/HRC/36/6, its
recommendations are paragraph 144: code ``R144.44P1`` → paragraph ``144.44``); ``TB`` rows to the
treaty body named in ``treaty_body``; ``SP`` rows to the special-procedure mandate named in
``special_procedure_fr``, matched to our mechanisms by their French title once the tracker's
feminine and article forms are made generic (:func:`mandate_title`), or through
:data:`FORMER_MANDATE_TITLES` for the two mandates renamed since. The recommending State matches
our States through their aliases. The tracker's axes, sub-axes, status and responsible
institutions (as our institution slugs) are kept in ``source_labels``: the status is the
tracker's, never our implementation status.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings

from ..choices import DocumentType
from .base import Candidate, ParseOptions
from .readers import Table

REQUIRED_COLUMNS = {
    "id",
    "code_fr",
    "mechanism",
    "recommending_state_fr",
    "treaty_body",
    "special_procedure_fr",
    "text_fr",
    "text_ar",
    "axis_ids",
    "axes_fr",
    "axes_ar",
    "sub_axis_ids",
    "sub_axes_fr",
    "sub_axes_ar",
    "responsible_entities_fr",
    "status",
}
# Morocco's third UPR cycle: Working Group report, its session and date (REFERENCE.md §2.3).
UPR_SYMBOL = "A/HRC/36/6"
UPR_CYCLE = "3"
UPR_SESSION = "27"
UPR_DATE = "2017-07-13"
# Special-procedure titles the tracker uses that differ from today's mandate titles.
FORMER_MANDATE_TITLES = {
    "Rapporteur spécial chargé d'étudier la question de la vente d'enfants, de la prostitution "
    "des enfants et de la pornographie impliquant des enfants": "SR-SALE-OF-CHILDREN",
    "Groupe de travail chargé de la question de la discrimination à l'égard des femmes, dans la "
    "législation et dans la pratique": "WG-DISCRIMINATION-WOMEN-GIRLS",
}
_GENERIC_FORMS = [
    (re.compile(r"^(?:la|le|les|l')\s*", re.I), ""),
    (re.compile(r"\bRapporteuse spéciale\b", re.I), "Rapporteur spécial"),
    (re.compile(r"\bExperte indépendante\b", re.I), "Expert indépendant"),
    (re.compile(r"\bchargée\b", re.I), "chargé"),
]
_PARAGRAPH = re.compile(r"R\s*(\d+(?:\.\d+)?)", re.I)
COLUMNS = {
    "natural_key": "id",
    "text": "text_fr",
    "recommending_states": "recommending_state_fr",
    "institutions": "responsible_entities_fr",
}


def mandate_title(label: str) -> str:
    """``la Rapporteuse spéciale sur …`` → ``Rapporteur spécial sur …`` (generic title)."""
    title = " ".join(label.replace("’", "'").replace('"', "'").split())
    for pattern, replacement in _GENERIC_FORMS:
        title = pattern.sub(replacement, title)
    title = title[:1].upper() + title[1:]
    return FORMER_MANDATE_TITLES.get(title, title)


def _split(value: str, separator: str) -> list[str]:
    return [item.strip() for item in value.split(separator) if item.strip()]


def _labelled(ids: str, french: str, arabic: str) -> list[dict[str, Any]]:
    id_list, fr_list, ar_list = _split(ids, ";"), _split(french, "|"), _split(arabic, "|")
    return [
        {
            "id": int(identifier) if identifier.isdigit() else identifier,
            "fr": fr_list[index] if index < len(fr_list) else "",
            "ar": ar_list[index] if index < len(ar_list) else "",
        }
        for index, identifier in enumerate(id_list)
    ]


def parse(path: Path, options: ParseOptions) -> Iterator[Candidate]:
    table = Table(path, kind="csv")
    table.check_columns(REQUIRED_COLUMNS)
    for number, row, problems in table.rows():
        candidate = Candidate(
            row=number, columns=COLUMNS, institutions_key="didh_responsible_institutions"
        )
        if candidate.report(problems):
            yield candidate
            continue
        _fill(candidate, row, options)
        yield candidate


def _fill(candidate: Candidate, row: dict[str, str], options: ParseOptions) -> None:
    kind = row["mechanism"].upper()
    candidate.natural_key = f"didh:{row['id']}" if row["id"] else ""
    candidate.state = options.state or settings.TATABBU_STATE_CODE
    if kind == "UPR":
        candidate.mechanism = "UPR"
        candidate.symbol = UPR_SYMBOL
        candidate.document_type = DocumentType.UPR_REPORT
        candidate.document_date = UPR_DATE
        candidate.document_title = "Report of the Working Group on the Universal Periodic Review"
        candidate.cycle, candidate.session = UPR_CYCLE, UPR_SESSION
        state = row["recommending_state_fr"] or row.get("recommending_state_ar", "")
        candidate.recommending_states = [state] if state else []
    elif kind == "TB":
        candidate.mechanism = row["treaty_body"]
        candidate.columns = {**COLUMNS, "mechanism": "treaty_body"}
        candidate.document_key = "didh:{mechanism}"
        if row["treaty_body"] == "SPT":  # the Subcommittee reports on visits
            candidate.document_type = DocumentType.VISIT_REPORT
            candidate.document_title = "Visit report (as listed in the DIDH tracker)"
        else:
            candidate.document_type = DocumentType.CONCLUDING_OBSERVATIONS
            candidate.document_title = "Concluding observations (as listed in the DIDH tracker)"
    elif kind == "SP":
        candidate.mechanism = mandate_title(row["special_procedure_fr"])
        candidate.columns = {**COLUMNS, "mechanism": "special_procedure_fr"}
        candidate.document_key = "didh:{mechanism}"
        candidate.document_type = DocumentType.VISIT_REPORT
        candidate.document_title = "Country visit report (as listed in the DIDH tracker)"
    else:
        candidate.mechanism = row["mechanism"]
    paragraph = _PARAGRAPH.search(row["code_fr"])
    candidate.paragraph = paragraph.group(1) if paragraph else ""
    candidate.text_fr = row["text_fr"]
    candidate.text_ar = row["text_ar"]
    candidate.institutions = _split(row["responsible_entities_fr"], "|")
    candidate.source_labels = {
        key: value
        for key, value in {
            "didh_id": row["id"],
            "didh_code": row["code_fr"],
            "didh_code_ar": row.get("code_ar", ""),
            "didh_mechanism": row.get("mechanism_source_label", ""),
            "didh_special_procedure": {
                "fr": row["special_procedure_fr"],
                "ar": row.get("special_procedure_ar", ""),
            }
            if row["special_procedure_fr"]
            else None,
            "didh_axes": _labelled(row["axis_ids"], row["axes_fr"], row["axes_ar"]),
            "didh_sub_axes": _labelled(row["sub_axis_ids"], row["sub_axes_fr"], row["sub_axes_ar"]),
            "didh_status": row["status"],
            "didh_progress_pct": int(row["progress_pct"])
            if row.get("progress_pct", "").isdigit()
            else None,
            "didh_year": row.get("year", ""),
            "didh_year_display": " ".join(row.get("year_display", "").split()),
        }.items()
        if value not in ("", None, [])
    }
