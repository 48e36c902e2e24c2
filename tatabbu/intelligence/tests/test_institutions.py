"""Institutions in charge: the context the model reads (mechanism, body, axes) is the same from
the tracker file (training, evaluation) and from an imported recommendation (suggestions), the
model reads it, and the tracker's own institutions are held labels and training targets."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from tatabbu.intelligence import artefacts, services, vocabulary
from tatabbu.intelligence.ml import datasets, metrics
from tatabbu.intelligence.ml.classifiers import LabelModel
from tatabbu.intelligence.ml.institutions import C_GRID, CONTEXT_WEIGHTS, InstitutionModel, Reading
from tatabbu.intelligence.models import Suggestion
from tatabbu.intelligence.training import database_data
from tatabbu.recommendations.models import Recommendation
from tatabbu.recommendations.permissions import SYSTEM
from tatabbu.recommendations.tests.conftest import run_import

from .conftest import DIDH_FILE, data_path

# A UPR row (Viet Nam, two axes), a treaty-body row (CERD) and a special-procedure row.
ROW_IDS = ("1", "600", "374")


def _tracker_rows(tmp_path: Path, ids=ROW_IDS) -> tuple[Path, list[dict[str, str]]]:
    with data_path(*DIDH_FILE).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames
        found = {row["id"]: row for row in reader if row["id"] in ids}
        rows = [found[identifier] for identifier in ids]
    target = tmp_path / "tracker.csv"
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return target, rows


@pytest.mark.django_db
def test_context_from_the_file_is_the_context_of_the_imported_recommendation(tmp_path):
    path, rows = _tracker_rows(tmp_path)
    assert run_import(path, "didh").code == 0
    for row in rows:
        recommendation = Recommendation.objects.select_related("mechanism").get(
            natural_key=f"didh:{row['id']}"
        )
        assert vocabulary.context(recommendation) == datasets.didh_context(row)
    upr, cerd, mandate = (datasets.didh_context(row) for row in rows)
    assert upr[:1] == ["kind=upr"] and {"axis=1", "axis=5"} <= set(upr)
    assert cerd[:2] == ["kind=treaty_body", "body=cerd"]
    assert mandate[0] == "kind=special_procedure" and mandate[1].startswith("body=")


@pytest.mark.django_db
def test_tracker_institutions_are_held_and_train_with_both_versions(tmp_path, model_dir):
    path, rows = _tracker_rows(tmp_path)
    assert run_import(path, "didh").code == 0
    data = database_data("institution")
    by_key = {}
    for example in data.examples:
        by_key.setdefault(example.group, []).append(example)
    first = by_key["didh:1"]
    assert [e.language for e in first] == ["fr", "ar"]
    assert first[0].labels == ["ministry-of-justice"]
    assert first[0].context == datasets.didh_context(rows[0])
    recommendation = Recommendation.objects.get(natural_key="didh:1")
    assert vocabulary.current_labels(recommendation, "institution") == {"ministry-of-justice"}
    # A model trained on the tracker never offers an institution the tracker already gave.
    sample = datasets.load_didh(data_path(*DIDH_FILE))[datasets.INSTITUTION]
    sample.examples = sample.examples[:300]
    artefact = services.model_train(actor=SYSTEM, data=sample, data_source="tracker")
    recommendation = Recommendation.objects.select_related("mechanism").get(pk=recommendation.pk)
    (proposed,) = artefacts.load(artefact).suggest(
        [vocabulary.task_inputs(recommendation, "institution")]
    )
    assert "Justice" in {option["label"] for option in proposed}
    services.suggestions_add(actor=SYSTEM, recommendation_ids=[recommendation.pk])
    offered = set(
        Suggestion.objects.filter(recommendation=recommendation).values_list("label", flat=True)
    )
    assert "ministry-of-justice" not in offered and "Justice" not in offered


def test_institution_model_reads_the_context(didh_sample: Path):
    task = datasets.load_didh(didh_sample)[datasets.INSTITUTION]
    examples = task.examples
    model = InstitutionModel().fit(
        [Reading([e.text], e.context) for e in examples],
        [e.labels for e in examples],
        groups=[e.group for e in examples],
    )
    # C and the context weight were chosen on the inner grouped split, from the grid.
    assert len(model.tuning) == len(C_GRID) * len(CONTEXT_WEIGHTS)
    assert model.c in C_GRID and model.context_weight in CONTEXT_WEIGHTS
    with_context = [Reading([e.text], e.context) for e in examples[:40]]
    without = [Reading([e.text]) for e in examples[:40]]
    _, a = model.decision(with_context)
    _, b = model.decision(without)
    assert not np.allclose(a, b)
    # French and Arabic versions read together: their decision values averaged.
    french, arabic = examples[0], examples[1]
    assert french.group == arabic.group
    _, both = model.decision([Reading([french.text, arabic.text], french.context)])
    _, alone = model.decision(
        [Reading([french.text], french.context), Reading([arabic.text], arabic.context)]
    )
    assert np.allclose(both[0], alone.mean(axis=0))
    (suggestions,) = model.suggest([Reading([french.text, arabic.text], french.context)])
    assert suggestions and all(s["label"] in model.classes for s in suggestions)


def test_a_model_trained_before_contexts_reads_a_reading_as_its_versions(didh_sample: Path):
    task = datasets.load_didh(didh_sample)[datasets.INSTITUTION]
    model = LabelModel().fit([e.text for e in task.examples], [e.labels for e in task.examples])
    french, arabic = task.examples[0].text, task.examples[1].text
    reading = Reading([french, arabic], ["kind=upr"])
    assert model.rank([reading]) == model.rank([[french, arabic]])


def test_recall_at_3_capped_and_textbook():
    truth = [["a", "b", "c", "d", "e"], ["a"], ["a", "b"]]
    ranked = [["a", "b", "c"], ["x", "a", "y"], ["a", "x", "y"]]
    # Capped: 3/3, 1/1, 1/2; textbook: 3/5, 1/1, 1/2.
    assert metrics.recall_at_k(truth, ranked, 3) == round((1 + 1 + 0.5) / 3, 4)
    assert metrics.recall_at_k_uncapped(truth, ranked, 3) == round((0.6 + 1 + 0.5) / 3, 4)


def test_the_panddh_map_joins_bodies_of_both_files():
    """Every mapped PANDDH body exists under that Arabic name, and maps to tracker labels."""
    entities = {
        row["id"]: row["label_ar"]
        for row in csv.DictReader(
            data_path("morocco-panddh-2018-2021", "lookup_entities.csv").open(encoding="utf-8")
        )
    }
    tracker = {
        row["label_fr"]
        for row in csv.DictReader(
            data_path("morocco-didh-tracker", "lookup_responsible_entities.csv").open(
                encoding="utf-8"
            )
        )
    }
    with datasets.PANDDH_ENTITY_MAP.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(row["how"].strip() for row in rows)
    for row in rows:
        assert entities[row["panddh_entity_id"]] == row["panddh_label_ar"]
        assert set(row["tracker_labels_fr"].split("|")) <= tracker


def test_panddh_measures_are_weak_arabic_examples_of_the_tracker_file(didh_sample: Path):
    data_dir = data_path("morocco-panddh-2018-2021").parent
    weak = datasets.panddh_measures(data_dir)
    assert len(weak) > 300
    assert all(e.weak and e.language == "ar" and e.labels and not e.context for e in weak)
    # Measure 251 (child marriage): Justice in charge, the family ministry among the partners.
    child_marriage = next(e for e in weak if e.group == "panddh-251")
    assert {"Justice", "Développement Social et Solidarité", "CNDH"} <= set(child_marriage.labels)
    examples = datasets.load_didh(didh_sample, data_dir)[datasets.INSTITUTION].examples
    assert sum(e.weak for e in examples) == len(weak)
    assert datasets.load_didh(didh_sample)[datasets.INSTITUTION].examples == [
        e for e in examples if not e.weak
    ]


def test_weak_rows_train_but_are_never_validated_on(didh_sample: Path):
    examples = datasets.load_didh(didh_sample)[datasets.INSTITUTION].examples
    readings = [Reading([e.text], e.context) for e in examples]
    labels = [e.labels for e in examples]
    groups = [e.group for e in examples]
    plain = InstitutionModel().fit(readings, labels, groups=groups)
    weak = [
        Reading(["وزارة العدل الحد من تزويج القاصرات"], weight=0.5),
        Reading(["مؤسسة غير معروفة"], weight=0.5),
    ]
    model = InstitutionModel().fit(
        readings + weak,
        [*labels, ["Justice"], ["Not a tracker institution"]],
        groups=[*groups, "panddh-1", "panddh-2"],
    )
    # A weak label that no tracker row carries is dropped (and with it the row that had only
    # that label); the inner split is the same as without weak rows.
    assert model.classes == plain.classes and model.weak_rows == 1
    assert model.validation["rows"] == plain.validation["rows"]
    assert "weak-supervision" in model.algorithm and "weak" not in plain.algorithm
    assert not np.allclose(model.decision(readings[:20])[1], plain.decision(readings[:20])[1])
    # Weights matter: the same weak row at full weight moves the model further.
    full = InstitutionModel().fit(
        [*readings, Reading(weak[0], weight=1.0)],
        [*labels, ["Justice"]],
        groups=[*groups, "panddh-1"],
    )
    assert not np.allclose(full.weights, model.weights)


def test_cross_validation_never_tests_on_weak_rows(monkeypatch):
    from tatabbu.intelligence.ml import evaluation

    real = [
        datasets.Example(f"texte {i}", ["A" if i % 2 else "B"], group=f"g{i}", language="fr")
        for i in range(20)
    ]
    weak = [datasets.Example("نص", ["A"], -1, "panddh-1", "ar", True)]
    seen: list[tuple[bool, int, int]] = []

    def run(task, train, test, baseline):
        assert not any(e.weak for e in test)
        seen.append((baseline, sum(e.weak for e in train), len(test)))
        return {"recall_at_3": 1.0, "algorithm": "stub"}

    monkeypatch.setattr(evaluation, "_run", run)
    result = evaluation._cross_validate(datasets.INSTITUTION, real + weak)
    assert result["test_rows"] == 20 and result["weak_train_rows"] == 1
    assert {(b, w) for b, w, _ in seen} == {(False, 1), (True, 0)}
    assert sum(n for b, _, n in seen if not b) == 20


def test_a_reading_pickled_before_weights_counts_fully():
    reading = Reading(["texte"], ["kind=upr"])
    del reading.weight  # as unpickled from a model trained before weak supervision
    assert InstitutionModel._weak_labels([reading], [["A"]]) == [["A"]]


@pytest.mark.django_db
def test_database_training_adds_the_panddh_measures_as_slugs(tmp_path, model_dir):
    path, _ = _tracker_rows(tmp_path)
    assert run_import(path, "didh").code == 0
    assert not any(e.weak for e in database_data("institution").examples)
    data_dir = data_path("morocco-panddh-2018-2021").parent
    data = database_data("institution", data_dir)
    weak = [e for e in data.examples if e.weak]
    assert len(weak) == len(datasets.panddh_measures(data_dir))
    assert any("ministry-of-justice" in e.labels for e in weak)
    assert not any("Justice" in e.labels for e in weak)
    assert database_data("upr-issues", data_dir).examples == []
    artefact = services.model_train(actor=SYSTEM, data=data, data_source="database")
    assert "weak-supervision" in artefact.algorithm
    assert "ministry-of-justice" in artefact.labels
