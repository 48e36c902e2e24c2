"""The classifiers: linear models over TF-IDF features, trained in seconds on the CPU.

``LabelModel`` (multi-label: issues, themes, persons, SDGs, institutions) fits one linear SVM per
label on word + character + lead-word features, then tunes a decision threshold per label on an
inner validation split (the latest rows when the data has an order, else a seeded random fifth),
refits on everything and keeps those thresholds; at least one label is always predicted (every
labelled recommendation has one); ``SharedThresholdLabelModel`` (the UPR Info issues) tunes
one threshold shared by all labels instead. ``CategoryModel`` (one class: the action category)
is a one-vs-rest linear SVM on the same features. Both turn decision values into a confidence
with a logistic (Platt) fit on the inner validation split, and explain a suggestion by the
words whose weight × TF-IDF pushed it most.

``BaselineLabelModel`` / ``BaselineCategoryModel`` are the reference: plain TF-IDF (scikit-learn
defaults, word unigrams) + linear SVM, threshold 0, measured in the same run.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from . import metrics
from .text import TextFeatures

SEED = 8
THRESHOLD_GRID = np.round(np.arange(-0.8, 0.41, 0.05), 2)
EXPLAIN_WORDS = 5
THREADS = int(os.environ.get("TATABBU_ML_THREADS", min(2, os.cpu_count() or 1)))


def inner_split(count: int, order: Sequence[float] | None) -> tuple[np.ndarray, np.ndarray]:
    """Indices (train, validation) for tuning: the latest ~15 % by ``order`` when given and the
    latest orders are 5–35 % of the rows (never peeks at the caller's hold-out, which is not
    passed in), else a seeded random 20 %."""
    indices = np.arange(count)
    if order is not None and len(set(order)) > 1:
        keys = np.asarray(order, dtype=float)
        cut = np.quantile(keys, 0.85)
        validation = keys > cut if (keys > cut).sum() >= count * 0.05 else keys >= cut
        # Only when the latest orders are a modest share (not, say, one year holding 90 %).
        if count * 0.05 <= validation.sum() <= count * 0.35:
            return indices[~validation], indices[validation]
    rng = np.random.default_rng(SEED)
    shuffled = rng.permutation(count)
    size = max(1, count // 5)
    return np.sort(shuffled[size:]), np.sort(shuffled[:size])


class _Platt:
    """Decision value → probability, fitted on validation decisions."""

    def __init__(self) -> None:
        self.a, self.b = 1.0, 0.0

    def fit(self, margins: np.ndarray, outcomes: np.ndarray) -> _Platt:
        if len(set(outcomes.tolist())) == 2:
            model = LogisticRegression(C=100.0).fit(margins.reshape(-1, 1), outcomes)
            self.a, self.b = float(model.coef_[0, 0]), float(model.intercept_[0])
        return self

    def __call__(self, margins: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(self.a * margins + self.b)))


def log_count_ratios(features: sp.csr_matrix, targets: np.ndarray, alpha: float) -> np.ndarray:
    """Per column of ``targets``, NBSVM's log-count ratio of every feature (Wang & Manning
    2012): log of its share of the positives' TF-IDF mass over its share of the negatives',
    each smoothed by ``alpha``. Shape (labels, features)."""
    positive = np.asarray((sp.csr_matrix(targets.T.astype(np.float64)) @ features).todense())
    negative = np.asarray(features.sum(axis=0)).ravel() - positive
    positive += alpha
    negative += alpha
    positive /= positive.sum(axis=1, keepdims=True)
    negative /= negative.sum(axis=1, keepdims=True)
    return np.log(positive / negative)


def _fit_svms(
    features: sp.csr_matrix,
    targets: np.ndarray,
    c: float,
    nb_alpha: float | None = None,
    sample_weight: np.ndarray | None = None,
) -> tuple[np.ndarray, ...]:
    """One binary linear SVM per column of ``targets``, fitted in ``THREADS`` threads (liblinear
    releases the GIL); returns (weights float32, biases). With ``nb_alpha``, each SVM is fitted
    on the features scaled by that label's log-count ratios (NBSVM) and the ratios are folded
    into its weights, so prediction is the same product as without. ``sample_weight`` scales
    each row's loss (weak-supervision rows count less)."""
    weights = np.zeros((targets.shape[1], features.shape[1]), dtype=np.float32)
    biases = np.full(targets.shape[1], -1.0)
    ratios = log_count_ratios(features, targets, nb_alpha) if nb_alpha is not None else None

    def fit(column: int) -> None:
        y = targets[:, column]
        if 0 < y.sum() < len(y):
            x = features
            if ratios is not None:
                x = features.copy()
                x.data = x.data * ratios[column, x.indices]
            svm = LinearSVC(C=c, random_state=SEED).fit(x, y, sample_weight=sample_weight)
            weights[column] = svm.coef_.ravel()
            if ratios is not None:
                weights[column] *= ratios[column]
            biases[column] = svm.intercept_[0]

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        list(pool.map(fit, range(targets.shape[1])))
    return weights, biases


def grouped_decisions(decide, items: Sequence) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    """``items``: texts, or lists of versions of one text (its French and Arabic versions).
    Returns the features of every version, the decision values averaged over each item's
    versions, and the row of each item's first version (for the explanation)."""
    flat: list[str] = []
    first: list[int] = []
    for item in items:
        versions = [item] if isinstance(item, str) else [v for v in item if v] or [""]
        first.append(len(flat))
        flat.extend(versions)
    x, decisions = decide(flat)
    starts = np.asarray(first)
    counts = np.diff(np.append(starts, len(flat)))
    averaged = np.add.reduceat(np.asarray(decisions, dtype=float), starts, axis=0)
    return x, averaged / counts[:, None], starts


class _Explainer:
    """Top words of a linear decision: TF-IDF value × weight over the word block."""

    features: TextFeatures
    weights: np.ndarray

    def _word_entries(self, x: sp.csr_matrix, row: int) -> tuple[np.ndarray, np.ndarray]:
        start, end = x.indptr[row], x.indptr[row + 1]
        columns, values = x.indices[start:end], x.data[start:end]
        words = columns < self.features.word_feature_count
        return columns[words], values[words]

    def explain(self, entries: tuple[np.ndarray, np.ndarray], class_index: int) -> list[str]:
        columns, values = entries
        if not len(columns):
            return []
        contributions = values * self.weights[class_index, columns]
        best = np.argsort(-contributions)[:EXPLAIN_WORDS]
        names = self._names()
        return [str(names[columns[i]]) for i in best if contributions[i] > 0]

    def _names(self) -> np.ndarray:
        if getattr(self, "_word_names", None) is None:
            self._word_names = self.features.word.get_feature_names_out()
        return self._word_names


class LabelModel(_Explainer):
    """Multi-label linear SVMs with per-label thresholds (see the module docstring)."""

    kind = "multi-label"
    algorithm = "tfidf-word12-char25-lead + linear SVM per label, tuned thresholds"
    lead_words = True  # the lead-word block (position-tagged first words)

    nb_alpha: float | None = None  # NBSVM scaling (``_fit_svms``); None: plain SVMs

    def __init__(self, *, c: float = 0.5, tune: bool = True, min_df: int = 2) -> None:
        self.c, self.tune, self.min_df = c, tune, min_df
        self.validation: dict = {}
        self.classes: list[str] = []
        self.thresholds = np.zeros(0)
        self.platt = _Platt()

    def _targets(self, label_sets: Sequence[Sequence[str]]) -> np.ndarray:
        index = {label: i for i, label in enumerate(self.classes)}
        targets = np.zeros((len(label_sets), len(self.classes)), dtype=np.int8)
        for row, labels in enumerate(label_sets):
            for label in labels:
                if label in index:
                    targets[row, index[label]] = 1
        return targets

    def fit(
        self,
        texts: Sequence[str],
        label_sets: Sequence[Sequence[str]],
        order: Sequence[float] | None = None,
    ) -> LabelModel:
        self.classes = sorted({label for labels in label_sets for label in labels})
        targets = self._targets(label_sets)
        self.thresholds = np.zeros(len(self.classes))
        # One vocabulary and IDF over all training texts (no labels involved): the texts are
        # vectorised once, for the inner split and the final fit.
        self.features = TextFeatures(min_df=self.min_df, lead=self.lead_words)
        x = self.features.fit_transform(list(texts))
        if self.tune and len(texts) >= 20:
            train, validation = inner_split(len(texts), order)
            weights, biases = _fit_svms(x[train], targets[train], self.c, self.nb_alpha)
            decisions = x[validation] @ weights.T + biases
            self.thresholds = self._tune(decisions, targets[validation])
            margins = decisions - self.thresholds
            self.platt.fit(margins.ravel(), targets[validation].ravel())
            self.validation = metrics.multilabel(
                [[self.classes[j] for j in np.flatnonzero(row)] for row in targets[validation]],
                self._chosen(decisions),
            ) | {"rows": len(validation)}
        self.weights, self.biases = _fit_svms(x, targets, self.c, self.nb_alpha)
        self._word_names = None
        return self

    @staticmethod
    def _tune(decisions: np.ndarray, targets: np.ndarray) -> np.ndarray:
        """Per label, the grid threshold with the best F1 on validation (0 without positives);
        half-way back to 0, because the final model is refitted on more data."""
        thresholds = np.zeros(decisions.shape[1])
        for column in range(decisions.shape[1]):
            truth = targets[:, column].astype(bool)
            if truth.sum() < 3:
                continue
            scores = []
            for threshold in THRESHOLD_GRID:
                predicted = decisions[:, column] > threshold
                tp = (predicted & truth).sum()
                scores.append(2 * tp / (predicted.sum() + truth.sum()))
            thresholds[column] = THRESHOLD_GRID[int(np.argmax(scores))] / 2
        return thresholds

    def decision(self, texts: Sequence[str]) -> tuple[sp.csr_matrix, np.ndarray]:
        x = self.features.transform(list(texts))
        return x, np.asarray(x @ self.weights.T) + self.biases

    def _chosen(self, decisions: np.ndarray) -> list[list[str]]:
        chosen = decisions > self.thresholds
        empty = ~chosen.any(axis=1)
        chosen[empty, np.argmax(decisions[empty] - self.thresholds, axis=1)] = True
        return [[self.classes[j] for j in np.flatnonzero(row)] for row in chosen]

    def predict(self, texts: Sequence[str]) -> list[list[str]]:
        return self._chosen(self.decision(texts)[1])

    def _grouped(self, items: Sequence) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
        """Features of every version, decision values averaged per item, first row per item
        (``grouped_decisions``); a model that reads more than the text overrides it."""
        return grouped_decisions(self.decision, items)

    def rank(self, texts: Sequence, k: int = 3) -> list[list[str]]:
        """The ``k`` best labels by decision value (thresholds serve F1, not ranking); an item
        may be several versions of one text, whose decision values are averaged."""
        _, decisions, _ = self._grouped(texts)
        order = np.argsort(-decisions, axis=1)[:, :k]
        return [[self.classes[j] for j in row] for row in order]

    def suggest(self, texts: Sequence, *, limit: int = 5) -> list[list[dict]]:
        """Per text (or list of versions of one text, averaged): the predicted labels (and the
        best one when none passes its threshold), with ``confidence`` in [0, 1] and the
        ``words`` (of the first version) that drove them."""
        x, decisions, first = self._grouped(texts)
        margins = decisions - self.thresholds
        results = []
        for row in range(len(texts)):
            order = np.argsort(-margins[row])[:limit]
            picked = [j for j in order if margins[row, j] > 0] or [order[0]]
            confidences = self.platt(margins[row, picked])
            entries = self._word_entries(x, first[row])
            results.append(
                [
                    {
                        "label": self.classes[j],
                        "confidence": round(float(p), 3),
                        "words": self.explain(entries, j),
                    }
                    for j, p in zip(picked, confidences, strict=True)
                ]
            )
        return results


class SharedThresholdLabelModel(LabelModel):
    """``LabelModel`` with one decision threshold for every label (the UPR Info issues): the
    grid value with the best micro-F1 over all labels of the inner validation split, kept as is
    after the refit. Per-label thresholds chase the few positives of rare labels on one split;
    on UPR Info (fit sessions ≤ 12, tune on 13, refit on ≤ 13, score on 14) one shared
    threshold scored micro / macro-F1 0.900 / 0.821 against 0.894 / 0.813 for the per-label
    thresholds halved and 0.889 / 0.796 for threshold 0.

    The SVMs are NBSVMs (``log_count_ratios``, α = 0.1, C = 0.1, chosen on sessions ≤ 14 only:
    fit ≤ 12, threshold on 13, score on 14 — see docs/intelligence.md)."""

    algorithm = "tfidf-word12-char25 + NBSVM per label (alpha 0.1), one tuned threshold"
    grid = np.round(np.arange(-1.0, 0.41, 0.05), 2)
    lead_words = False
    nb_alpha = 0.1

    def __init__(self, *, c: float = 0.1, tune: bool = True, min_df: int = 2) -> None:
        super().__init__(c=c, tune=tune, min_df=min_df)

    @classmethod
    def _tune(cls, decisions: np.ndarray, targets: np.ndarray) -> np.ndarray:
        truth = targets.astype(bool)
        scores = []
        for threshold in cls.grid:
            predicted = decisions > threshold
            scores.append(2 * (predicted & truth).sum() / (predicted.sum() + truth.sum()))
        return np.full(decisions.shape[1], cls.grid[int(np.argmax(scores))])


class CategoryModel(_Explainer):
    """One class per text (the UPR Info action category 1–5)."""

    kind = "single-label"
    algorithm = "tfidf-word12-char25-lead + linear SVM (one-vs-rest)"

    def __init__(self, *, c: float = 0.3, min_df: int = 2, class_weight: str | None = None) -> None:
        self.c, self.min_df, self.class_weight = c, min_df, class_weight
        self.validation: dict = {}
        self.platt = _Platt()

    def _svm(self) -> LinearSVC:
        return LinearSVC(C=self.c, class_weight=self.class_weight, random_state=SEED)

    def fit(
        self, texts: Sequence[str], labels: Sequence[str], order: Sequence[float] | None = None
    ) -> CategoryModel:
        labels = np.asarray(labels)
        self.features = TextFeatures(min_df=self.min_df)
        x = self.features.fit_transform(list(texts))
        if len(texts) >= 20:
            train, validation = inner_split(len(texts), order)
            svm = self._svm().fit(x[train], labels[train])
            decisions = svm.decision_function(x[validation])
            if decisions.ndim == 2:
                best = decisions.max(axis=1)
                correct = svm.classes_[decisions.argmax(axis=1)] == labels[validation]
                self.platt.fit(best, correct.astype(int))
                predicted = svm.classes_[decisions.argmax(axis=1)]
                self.validation = metrics.single_label(
                    [str(x) for x in labels[validation]], [str(x) for x in predicted]
                ) | {"rows": len(validation)}
        self.svm = self._svm().fit(x, labels)
        self.classes = [str(c) for c in self.svm.classes_]
        self.weights = self.svm.coef_.astype(np.float32)
        self._word_names = None
        return self

    def decision(self, texts: Sequence[str]) -> tuple[sp.csr_matrix, np.ndarray]:
        x = self.features.transform(list(texts))
        return x, self.svm.decision_function(x)

    def predict(self, texts: Sequence[str]) -> list[str]:
        _, decisions = self.decision(texts)
        return [self.classes[j] for j in decisions.argmax(axis=1)]

    def suggest(self, texts: Sequence, *, limit: int = 1) -> list[list[dict]]:
        x, decisions, first = grouped_decisions(self.decision, texts)
        results = []
        for row in range(len(texts)):
            j = int(decisions[row].argmax())
            entries = self._word_entries(x, first[row])
            results.append(
                [
                    {
                        "label": self.classes[j],
                        "confidence": round(float(self.platt(decisions[row, j])), 3),
                        "words": self.explain(entries, j),
                    }
                ]
            )
        return results


class BaselineLabelModel:
    """Plain TF-IDF + one linear SVM per label, threshold 0 (the published-style baseline)."""

    kind = "multi-label"
    algorithm = "tfidf (sklearn defaults) + linear SVM per label"

    def fit(self, texts, label_sets, order=None) -> BaselineLabelModel:
        self.classes = sorted({label for labels in label_sets for label in labels})
        index = {label: i for i, label in enumerate(self.classes)}
        targets = np.zeros((len(texts), len(self.classes)), dtype=np.int8)
        for row, labels in enumerate(label_sets):
            for label in labels:
                targets[row, index[label]] = 1
        self.vectorizer = TfidfVectorizer()
        self.weights, self.biases = _fit_svms(
            self.vectorizer.fit_transform(list(texts)), targets, 1.0
        )
        return self

    def _decisions(self, texts) -> np.ndarray:
        return np.asarray(self.vectorizer.transform(list(texts)) @ self.weights.T) + self.biases

    def predict(self, texts) -> list[list[str]]:
        return [
            [self.classes[j] for j in np.flatnonzero(row > 0)] for row in self._decisions(texts)
        ]

    def decision(self, texts) -> tuple[sp.csr_matrix, np.ndarray]:
        x = self.vectorizer.transform(list(texts))
        return x, np.asarray(x @ self.weights.T) + self.biases

    def rank(self, texts, k: int = 3) -> list[list[str]]:
        _, decisions, _ = grouped_decisions(self.decision, texts)
        order = np.argsort(-decisions, axis=1)[:, :k]
        return [[self.classes[j] for j in row] for row in order]


class BaselineCategoryModel:
    """Plain TF-IDF + multi-class linear SVM."""

    kind = "single-label"
    algorithm = "tfidf (sklearn defaults) + linear SVM"

    def fit(self, texts, labels, order=None) -> BaselineCategoryModel:
        self.vectorizer = TfidfVectorizer()
        self.svm = LinearSVC(random_state=SEED).fit(
            self.vectorizer.fit_transform(list(texts)), list(labels)
        )
        return self

    def predict(self, texts) -> list[str]:
        return [str(p) for p in self.svm.predict(self.vectorizer.transform(list(texts)))]
