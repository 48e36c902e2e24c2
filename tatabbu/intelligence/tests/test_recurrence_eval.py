"""The recurrence measurement: labelled pairs, weighted counting, the command's JSON."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
from django.core.management import call_command

from tatabbu.intelligence.ml import recurrence

from .conftest import data_path


def test_labelled_pairs_cover_three_languages_and_both_answers():
    with recurrence.PAIRS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["same_ask"] for row in rows} == {"0", "1"}
    assert {row["set"] for row in rows} == {"upr-info-morocco-en", "didh-upr-vs-treaty-bodies"}
    strata = {row["stratum"] for row in rows}
    assert strata == {"pool", "keyword", "high", "low-sample"}
    assert sum(row["stratum"] == "low-sample" for row in rows) == 30


def test_counting_weighs_the_sampled_band():
    pair_set = recurrence.PairSet(
        "test",
        "en",
        {"e1": "", "e2": ""},
        {"l1": "", "l2": ""},
        {("e1", "l1"): (1, 1.0), ("e2", "l2"): (1, 4.0), ("e1", "l2"): (0, 1.0)},
    )
    similarity = np.array([[0.9, 0.5], [0.1, 0.2]])
    figures = recurrence._count(pair_set, ["e1", "e2"], ["l1", "l2"], similarity, 0.45)
    # predicted: (e1,l1) same ask, (e1,l2) not; missed: (e2,l2) standing for 4 pairs
    assert figures["precision"] == 0.5
    assert figures["recall"] == 0.2
    assert figures["false_negatives"] == 4.0


def test_command_reports_english_french_and_arabic():
    data_path("morocco-didh-tracker", "recommendations_v2.csv")
    out = io.StringIO()
    call_command("classify", "recurrence", stdout=out)
    report = json.loads(out.getvalue())
    assert set(report) == {"en", "fr", "ar"}
    for figures in report.values():
        assert figures["threshold"] == 0.45
        assert 0 <= figures["precision"] <= 1 and 0 <= figures["recall"] <= 1
        assert len(figures["sweep"]) == len(recurrence.SWEEP)
    assert report["en"]["labelled_same_ask"] == 20
