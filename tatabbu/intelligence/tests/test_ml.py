"""The classifiers, metrics and evaluation protocol on small samples of the real data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from django.conf import settings
from sklearn.svm import LinearSVC

from tatabbu.intelligence.ml import datasets, evaluation, metrics
from tatabbu.intelligence.ml.classifiers import (
    CategoryModel,
    LabelModel,
    SharedThresholdLabelModel,
    _fit_svms,
    grouped_decisions,
    inner_split,
    log_count_ratios,
)
from tatabbu.intelligence.ml.text import TextFeatures, clean, lead_tokens


def test_multilabel_metrics_by_hand():
    truth = [["a", "b"], ["a"], ["c"]]
    predicted = [["a"], ["a", "c"], ["c"]]
    report = metrics.multilabel(truth, predicted)
    # tp = a,a,c = 3; fp = c(row 2) = 1; fn = b = 1
    assert report["precision"] == 0.75 and report["recall"] == 0.75
    assert report["micro_f1"] == 0.75
    # per label F1: a = 1.0, b = 0.0, c = 2/3
    assert report["macro_f1"] == round((1 + 0 + 2 / 3) / 3, 4)


def test_single_label_metrics_and_recall_at_3():
    report = metrics.single_label(["1", "2", "2", "5"], ["1", "2", "5", "5"])
    assert report["micro_f1"] == 0.75
    assert report["macro_f1"] == round((1 + 2 / 3 + 2 / 3) / 3, 4)
    ranked = [["x", "y", "z"], ["q", "r", "s"], ["a", "b", "c"]]
    truth = [["y"], ["a", "s"], ["a", "b", "c", "d"]]
    assert metrics.recall_at_k(truth, ranked, 3) == round((1 + 0.5 + 1) / 3, 4)


def test_text_features_fold_and_tag_the_first_words():
    assert clean("  - Ratifier la Convention") == "ratifier la convention"
    assert clean("(a) Envisager") == "envisager"
    assert clean("أن تصادق") == "ان تصادق"
    assert lead_tokens("ratify the optional protocol") == (
        "P0_ratify P1_the P2_optional P3_protocol B_ratify_the B_the_optional B_optional_protocol"
    )


def test_text_features_without_the_lead_block():
    texts = ["Ratify the convention", "Continue the reform", "Ratify the protocol"]
    with_lead = TextFeatures(min_df=1).fit_transform(texts)
    without = TextFeatures(min_df=1, lead=False)
    assert without.fit_transform(texts).shape[1] == with_lead.shape[1] - len(
        TextFeatures(min_df=1).lead.fit([lead_tokens(clean(t)) for t in texts]).vocabulary_
    )
    assert without.lead is None


def test_inner_split_takes_the_latest_rows_when_ordered():
    order = [1] * 50 + [2] * 30 + [3] * 20
    train, validation = inner_split(100, order)
    assert set(validation) == set(range(80, 100))
    assert set(train) == set(range(80))


def test_inner_split_is_random_when_the_latest_order_holds_most_rows():
    order = [2008] * 10 + [2020] * 90  # the DIDH tracker: one year holds 90 % of the rows
    train, validation = inner_split(100, order)
    assert len(validation) == 20 and len(train) == 80
    assert {order[i] for i in train} == {2008, 2020}


def test_label_model_learns_upr_issues_from_real_rows(upr_sample: Path):
    data = datasets.load_upr_info(upr_sample)[datasets.UPR_ISSUES]
    train = [e for e in data.examples if e.order <= 3]
    test = [e for e in data.examples if e.order == 4]
    model = LabelModel().fit(
        [e.text for e in train], [e.labels for e in train], [e.order for e in train]
    )
    predicted = model.predict([e.text for e in test])
    assert all(labels and set(labels) <= set(model.classes) for labels in predicted)
    report = metrics.multilabel([e.labels for e in test], predicted)
    # 360 training rows are few; far better than chance (54 labels) all the same.
    assert report["micro_f1"] > 0.5
    assert model.validation["rows"] > 0
    suggestions = model.suggest(["Ratify the Optional Protocol to the Convention against Torture"])
    first = suggestions[0][0]
    assert first["label"] == "International instruments"
    assert 0 <= first["confidence"] <= 1
    assert "ratify" in first["words"] or "protocol" in " ".join(first["words"])


def test_shared_threshold_is_the_best_micro_f1_over_all_labels():
    # Positives at 0.5, 0.1, -0.35; negatives at -0.5 and below: thresholds from -0.5 up to
    # (not including) -0.35 separate them; the first such grid value wins, for both labels.
    decisions = np.array([[0.5, -0.35], [-0.5, -0.6], [0.1, -0.9]])
    targets = np.array([[1, 1], [0, 0], [1, 0]])
    thresholds = SharedThresholdLabelModel._tune(decisions, targets)
    assert thresholds.tolist() == [-0.5, -0.5]
    # Threshold 0 would miss the positive at -0.35.
    assert ((decisions > thresholds) == targets.astype(bool)).all()
    assert ((decisions > 0) != targets.astype(bool)).any()


def test_log_count_ratios_by_hand():
    # Feature 0 only in the positive row, feature 1 only in the negative one, feature 2 in both.
    features = sp.csr_matrix(np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]))
    ratios = log_count_ratios(features, np.array([[1], [0]]), alpha=1.0)
    positive, negative = np.array([2.0, 1.0, 2.0]) / 5, np.array([1.0, 2.0, 2.0]) / 5
    assert np.allclose(ratios, [np.log(positive / negative)])
    assert ratios[0, 0] > 0 > ratios[0, 1] and ratios[0, 2] == 0


def test_nbsvm_weights_fold_the_ratios_into_the_decision(upr_sample: Path):
    data = datasets.load_upr_info(upr_sample)[datasets.UPR_ISSUES]
    texts = [e.text for e in data.examples]
    x = TextFeatures(lead=False).fit_transform(texts)
    label = "Women's rights"
    targets = np.array([[label in e.labels] for e in data.examples], dtype=np.int8)
    weights, biases = _fit_svms(x, targets, 0.1, nb_alpha=0.1)
    ratios = log_count_ratios(x, targets, 0.1)
    scaled = x.multiply(ratios).tocsr()
    svm = LinearSVC(C=0.1, random_state=8).fit(scaled, targets[:, 0])
    assert np.allclose(x @ weights.T + biases, svm.decision_function(scaled)[:, None], atol=1e-4)
    assert not np.allclose(weights, _fit_svms(x, targets, 0.1)[0])


def test_shared_threshold_model_on_real_rows(upr_sample: Path):
    data = datasets.load_upr_info(upr_sample)[datasets.UPR_ISSUES]
    train = [e for e in data.examples if e.order <= 3]
    model = SharedThresholdLabelModel().fit(
        [e.text for e in train], [e.labels for e in train], [e.order for e in train]
    )
    assert len(set(model.thresholds.tolist())) == 1
    assert model.thresholds[0] in SharedThresholdLabelModel.grid
    # Topics, not verbs: no lead-word block (the action category keeps it).
    assert model.features.lead is None
    assert model.weights.shape[1] == len(model.features.word.vocabulary_) + len(
        model.features.char.vocabulary_
    )
    assert model.validation["rows"] > 0
    predicted = model.predict([e.text for e in data.examples if e.order == 4])
    assert all(labels and set(labels) <= set(model.classes) for labels in predicted)


def test_category_model_reads_the_verb(upr_sample: Path):
    data = datasets.load_upr_info(upr_sample)[datasets.UPR_ACTION]
    model = CategoryModel().fit(
        [e.text for e in data.examples], [e.labels[0] for e in data.examples]
    )
    assert model.predict(["Continue its efforts to promote women's rights"]) == ["2"]
    assert model.predict(["Consider ratifying the Convention on migrant workers"]) == ["3"]
    (suggestion,) = model.suggest(["Ratify the Convention against Torture"])[0]
    assert suggestion["label"] == "5"


def _assert_report_shape(report: dict, *, ranked: bool = False):
    for side in ("model", "baseline"):
        figures = report[side]
        for key in ("micro_f1", "macro_f1", "precision", "recall", "train_seconds"):
            assert isinstance(figures[key], int | float), (side, key)
            assert 0 <= figures[key] <= 1 or key == "train_seconds"
        assert ("recall_at_3" in figures) is ranked
    assert report["train_rows"] > 0 and report["test_rows"] > 0


def test_upr_info_evaluation_is_later_in_time(upr_sample: Path):
    tasks = datasets.load_upr_info(upr_sample)
    report = evaluation.evaluate_task(tasks[datasets.UPR_ISSUES])
    assert report["split"].startswith("train order < 3")
    assert report["train_rows"] == 240 and report["test_rows"] == 240
    _assert_report_shape(report)
    assert report["model"]["algorithm"] == SharedThresholdLabelModel.algorithm
    assert report["baseline"]["algorithm"] != report["model"]["algorithm"]


def test_institution_evaluation_cross_validates_by_recommendation(didh_sample: Path):
    task = datasets.load_didh(didh_sample)[datasets.INSTITUTION]
    assert {e.language for e in task.examples} == {"fr", "ar"}
    folds = evaluation._group_folds(task.examples, 5)
    for fold in folds:
        groups = {task.examples[i].group for i in fold}
        outside = {e.group for i, e in enumerate(task.examples) if i not in set(fold.tolist())}
        assert not groups & outside
    report = evaluation.evaluate_task(task)
    _assert_report_shape(report, ranked=True)
    assert 0 < report["model"]["recall_at_3_ar"] <= 1
    assert 0 < report["model"]["recall_at_3_fr_ar_together"] <= 1
    assert 0 < report["baseline"]["recall_at_3_fr_ar_together"] <= 1


def test_versions_of_one_text_are_averaged(didh_sample: Path):
    task = datasets.load_didh(didh_sample)[datasets.INSTITUTION]
    model = LabelModel().fit([e.text for e in task.examples], [e.labels for e in task.examples])
    french, arabic = task.examples[0].text, task.examples[1].text
    assert task.examples[0].group == task.examples[1].group
    _, decisions = model.decision([french, arabic])
    _, averaged, first = grouped_decisions(model.decision, [[french, arabic], french])
    assert np.allclose(averaged[0], decisions.mean(axis=0))
    assert np.allclose(averaged[1], decisions[0])
    assert first.tolist() == [0, 2]
    (suggestions,) = model.suggest([[french, arabic]])
    assert suggestions and all(s["label"] in model.classes for s in suggestions)


def test_uhri_sdg_uses_goal_descriptions_only_for_training():
    data_dir = Path(settings.TATABBU_DATA_DIR)
    path = data_dir / datasets.DEFAULT_FILES["uhri"]
    if not path.exists():
        pytest.skip("shared data set not found")
    sdg = datasets.load_uhri(path, data_dir)[datasets.UHRI_SDG]
    weak = [e for e in sdg.examples if e.weak]
    assert {e.language for e in weak} == {"ar", "fr", "en"}
    _, test, _ = evaluation.time_split(sdg.examples, 1)
    assert test and not any(e.weak for e in test)
