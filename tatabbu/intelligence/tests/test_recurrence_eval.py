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
    assert {row["set"] for row in rows} == {
        "upr-info-morocco-en",
        "upr-info-tunisia-en",
        "didh-upr-vs-treaty-bodies",
    }
    strata = {row["stratum"] for row in rows}
    assert strata == {"pool", "pool-other", "keyword", "high", "low-sample"}
    assert sum(row["stratum"] == "low-sample" for row in rows) == 30


def test_labelled_pairs_are_split_once_by_their_later_recommendation():
    with recurrence.PAIRS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        assert row["split"] == recurrence.split_of(row["later"])
    for split in (recurrence.TUNING, recurrence.HELD_OUT):
        chosen = [row for row in rows if row["split"] == split]
        assert {row["same_ask"] for row in chosen} == {"0", "1"}
        assert {row["set"] for row in chosen} == {row["set"] for row in rows}


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


def test_counting_keeps_to_one_side_of_the_split():
    earlier, later = ["e1"], ["UPRINFO-22715", "UPRINFO-22713"]  # held-out, tuning
    assert [recurrence.split_of(key) for key in later] == ["held-out", "tuning"]
    pair_set = recurrence.PairSet(
        "test",
        "en",
        dict.fromkeys(earlier, ""),
        dict.fromkeys(later, ""),
        {("e1", "UPRINFO-22715"): (1, 1.0), ("e1", "UPRINFO-22713"): (0, 1.0)},
    )
    similarity = np.array([[0.9, 0.9]])
    held = recurrence._count(pair_set, earlier, later, similarity, 0.35, recurrence.HELD_OUT)
    tuning = recurrence._count(pair_set, earlier, later, similarity, 0.35, recurrence.TUNING)
    assert (held["precision"], held["recall"]) == (1.0, 1.0)
    assert (tuning["precision"], tuning["false_positives"]) == (0.0, 1.0)


def test_command_reports_held_out_figures_at_the_threshold_chosen_on_tuning_pairs():
    from tatabbu.recommendations.services.recurrence import (
        SAME_LANGUAGE_NGRAMS,
        SAME_LANGUAGE_THRESHOLD,
    )

    data_path("morocco-didh-tracker", "recommendations_v2.csv")
    out = io.StringIO()
    call_command("classify", "recurrence", stdout=out)
    report = json.loads(out.getvalue())
    # The product links with the method and at the threshold the tuning pairs choose.
    assert report["threshold_chosen_on_tuning"] == SAME_LANGUAGE_THRESHOLD
    assert report["product_threshold"] == SAME_LANGUAGE_THRESHOLD
    chosen = report["method_chosen_on_tuning"]
    assert recurrence.METHODS[chosen] == SAME_LANGUAGE_NGRAMS == (2, 4)
    assert report["product_method"] == chosen
    assert set(report["methods_on_tuning"]) == set(recurrence.METHODS)
    assert set(report["languages"]) == {"en", "fr", "ar"}
    for figures in report["languages"].values():
        held = figures["held_out"]
        assert held["threshold"] == SAME_LANGUAGE_THRESHOLD
        assert 0 <= held["precision"] <= 1 and 0 <= held["recall"] <= 1
        assert figures["held_out_previous"]["threshold"] == recurrence.PREVIOUS_THRESHOLD
        assert len(figures["sweep_held_out"]) == len(recurrence.SWEEP)
    assert report["languages"]["en"]["labelled_same_ask"] == 32
