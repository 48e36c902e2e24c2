"""Real recommendation texts for tests, read from the shared data sets (TATABBU_DATA_DIR).

Tests that need them skip when the data sets are absent (a checkout without ``../shared``).
"""

from __future__ import annotations

import csv
import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from .factories import RecommendationFactory, SourceDocumentFactory, country, mechanism


def data_dir() -> Path:
    return Path(settings.TATABBU_DATA_DIR)


def require_data(*parts: str) -> Path:
    path = data_dir().joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data set not found: {path}")
    return path


@cache
def didh_rows() -> list[dict[str, str]]:
    path = require_data("morocco-didh-tracker", "recommendations_v2.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def upr_info_rows(state: str = "Morocco") -> list[dict[str, str]]:
    path = require_data("upr-info-2008-2014", "upr_info_recommendations_sessions01-16.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["state_under_review"] == state]


def insert_didh(rows: list[dict[str, str]], **document: Any) -> list[Any]:
    """Insert DIDH tracker rows (French and Arabic) as cycle-3 UPR recommendations of Morocco
    (A/HRC/36/6, 2017) unless ``document`` says otherwise."""
    defaults = {
        "symbol": "A/HRC/36/6",
        "legacy_symbol": "",
        "mechanism": mechanism("UPR"),
        "state": country("MAR"),
        "cycle": 3,
        "session": "27",
        "date": datetime.date(2017, 7, 13),
    }
    parent = SourceDocumentFactory(**{**defaults, **document})
    return [
        RecommendationFactory(
            document=parent,
            natural_key=f"didh:{row['id']}",
            paragraph=row["code_fr"].lstrip("R"),
            text_fr=row["text_fr"],
            text_ar=row["text_ar"],
            source_file="recommendations_v2.csv",
            source_row=int(row["id"]),
        )
        for row in rows
    ]


def insert_upr_info(rows: list[dict[str, str]], **document: Any) -> list[Any]:
    """Insert UPR Info rows (English) of Morocco's 2nd cycle (A/HRC/21/3, 2012)."""
    defaults = {
        "symbol": "A/HRC/21/3",
        "legacy_symbol": "",
        "mechanism": mechanism("UPR"),
        "state": country("MAR"),
        "cycle": 2,
        "session": "13",
        "date": datetime.date(2012, 7, 6),
    }
    parent = SourceDocumentFactory(**{**defaults, **document})
    return [
        RecommendationFactory(
            document=parent,
            natural_key=f"upr-info:{row['id']}",
            paragraph="",
            text_fr="",
            text_en=row["recommendation"],
            position="supported" if row["response"] == "Accepted" else "noted",
            source_file="upr_info_recommendations_sessions01-16.csv",
            source_row=index + 2,
        )
        for index, row in enumerate(rows)
    ]
