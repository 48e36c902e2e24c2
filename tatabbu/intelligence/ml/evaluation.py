"""The evaluation protocol: our model and the plain TF-IDF + linear SVM baseline, trained and
measured on the same split in the same run.

* UPR Info (issues, action category): later in time — train on every session but the two latest
  of the file, test on those two (the 1–16 file: train ≤ 14, test 15–16). With ``train`` given
  (e.g. the withheld sessions 17–20 as the file), train on ``train`` and test on the whole file.
* UHRI (themes, persons, SDGs): train on the earlier cycles, test on the latest one.
* Institutions (DIDH tracker, French and Arabic): 5-fold cross-validation grouped by
  recommendation (its two language versions never sit on both sides), reported overall and
  per language; the tracker has no usable dates (852 of 942 rows carry the year 2020).

Tuning happens inside ``fit`` on an inner split of the training rows only."""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from . import metrics
from .classifiers import (
    BaselineCategoryModel,
    BaselineLabelModel,
    CategoryModel,
    LabelModel,
    SharedThresholdLabelModel,
)
from .datasets import INSTITUTION, SINGLE_LABEL, UPR_ISSUES, Example, TaskData
from .institutions import WEAK_WEIGHT, InstitutionModel, Reading

FOLDS = 5


def make_model(task: str, *, baseline: bool = False):
    if task in SINGLE_LABEL:
        return BaselineCategoryModel() if baseline else CategoryModel()
    if task == UPR_ISSUES and not baseline:
        return SharedThresholdLabelModel()
    if task == INSTITUTION and not baseline:
        return InstitutionModel()
    return BaselineLabelModel() if baseline else LabelModel()


def inputs(model, examples: Sequence[Example]) -> list:
    """What ``model`` reads of each example: the text, or for the institution model the text
    with its context and weight (``Reading``; weak supervision weighs ``WEAK_WEIGHT``)."""
    if isinstance(model, InstitutionModel):
        return [
            Reading([example.text], example.context, WEAK_WEIGHT if example.weak else 1.0)
            for example in examples
        ]
    return [example.text for example in examples]


def fit_examples(model, task: str, examples: Sequence[Example]):
    texts = inputs(model, examples)
    order = [example.order for example in examples]
    if task in SINGLE_LABEL:
        return model.fit(texts, [example.labels[0] for example in examples], order)
    if isinstance(model, InstitutionModel):
        groups = [example.group for example in examples]
        return model.fit(texts, [example.labels for example in examples], order, groups)
    return model.fit(texts, [example.labels for example in examples], order)


def _measure(model, task: str, examples: Sequence[Example]) -> dict:
    texts = inputs(model, examples)
    started = time.perf_counter()
    predicted = model.predict(texts)
    elapsed = time.perf_counter() - started
    if task in SINGLE_LABEL:
        report = metrics.single_label([example.labels[0] for example in examples], predicted)
    else:
        report = metrics.multilabel([example.labels for example in examples], predicted)
    if task == INSTITUTION:
        ranked = model.rank(texts, 3)
        report["recall_at_3"] = metrics.recall_at_k([e.labels for e in examples], ranked, 3)
        report["recall_at_3_uncapped"] = metrics.recall_at_k_uncapped(
            [e.labels for e in examples], ranked, 3
        )
        for language in ("fr", "ar"):
            chosen = [i for i, example in enumerate(examples) if example.language == language]
            report[f"recall_at_3_{language}"] = metrics.recall_at_k(
                [examples[i].labels for i in chosen], [ranked[i] for i in chosen], 3
            )
        # Recommendations with both versions, ranked on their averaged decision values (what
        # the product does when a recommendation has its French and its Arabic text).
        versions: dict[str, list[Example]] = {}
        for example in examples:
            versions.setdefault(example.group, []).append(example)
        both = [group for group in versions.values() if len(group) > 1]
        together = model.rank(
            [Reading([e.text for e in group], group[0].context) for group in both], 3
        )
        report["recall_at_3_fr_ar_together"] = metrics.recall_at_k(
            [group[0].labels for group in both], together, 3
        )
        report["recall_at_3_fr_ar_together_uncapped"] = metrics.recall_at_k_uncapped(
            [group[0].labels for group in both], together, 3
        )
    report["predictions_per_second"] = round(len(texts) / elapsed) if elapsed else None
    return report


def _run(task: str, train: Sequence[Example], test: Sequence[Example], baseline: bool) -> dict:
    started = time.perf_counter()
    model = fit_examples(make_model(task, baseline=baseline), task, train)
    report = {"train_seconds": round(time.perf_counter() - started, 1)}
    report.update(_measure(model, task, test))
    report["algorithm"] = model.algorithm
    return report


def time_split(examples: Sequence[Example], latest: int = 2) -> tuple[list, list, str]:
    """Train on all but the ``latest`` distinct orders (sessions, cycles); test on those."""
    orders = sorted({example.order for example in examples if not example.weak})
    cut = orders[-latest] if len(orders) > latest else orders[-1]
    train = [example for example in examples if example.order < cut]
    test = [example for example in examples if example.order >= cut and not example.weak]
    described = f"train order < {cut:g}, test order ≥ {cut:g} (later in time)"
    return train, test, described


def _group_folds(examples: Sequence[Example], folds: int) -> list[np.ndarray]:
    groups = sorted({example.group for example in examples})
    rng = np.random.default_rng(8)
    fold_of = {group: i % folds for i, group in enumerate(rng.permutation(groups))}
    assignment = np.array([fold_of[example.group] for example in examples])
    return [np.flatnonzero(assignment == fold) for fold in range(folds)]


def evaluate_task(data: TaskData, *, train: TaskData | None = None) -> dict:
    """Model and baseline on ``data``'s protocol (see the module docstring)."""
    task, examples = data.task, data.examples
    if task == INSTITUTION and train is None:
        return _cross_validate(task, examples)
    if train is not None:
        train_rows, test_rows = train.examples, [e for e in examples if not e.weak]
        split = "train on the training file, test on the whole evaluation file"
    else:
        latest = 2 if len({e.order for e in examples}) > 3 else 1
        train_rows, test_rows, split = time_split(examples, latest)
    return {
        "task": task,
        "split": split,
        "train_rows": len(train_rows),
        "test_rows": len(test_rows),
        "model": _run(task, train_rows, test_rows, baseline=False),
        "baseline": _run(task, train_rows, test_rows, baseline=True),
    }


def _cross_validate(task: str, examples: Sequence[Example], folds: int = FOLDS) -> dict:
    """Folds over the labelled rows; weak-supervision rows (PANDDH measures) join every
    training fold of our model, never a test fold, and not the baseline's training."""
    weak = [e for e in examples if e.weak]
    examples = [e for e in examples if not e.weak]
    reports: dict[str, list[dict]] = {"model": [], "baseline": []}
    for test_index in _group_folds(examples, folds):
        test_set = set(test_index.tolist())
        train_rows = [e for i, e in enumerate(examples) if i not in test_set]
        test_rows = [examples[i] for i in test_index]
        for name in reports:
            baseline = name == "baseline"
            rows = train_rows if baseline else train_rows + weak
            reports[name].append(_run(task, rows, test_rows, baseline=baseline))
    result = {
        "task": task,
        "split": f"{folds}-fold cross-validation grouped by recommendation (French and Arabic)",
        "train_rows": len(examples) - len(examples) // folds,
        "weak_train_rows": len(weak),
        "test_rows": len(examples),
    }
    for name, fold_reports in reports.items():
        result[name] = metrics.average(fold_reports) | {"algorithm": fold_reports[0]["algorithm"]}
    return result
