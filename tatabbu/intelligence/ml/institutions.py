"""Institutions in charge: which Moroccan ministries and institutions a recommendation falls to.

``InstitutionModel`` ranks the 52 institutions of the DIDH tracker for a recommendation from

* its text, French and Arabic (each version is one row of features; the decision values of the
  versions of one recommendation are averaged, so both are read together), as word 1–2-grams
  and character 2–5-grams within words (TF-IDF, sublinear tf), **without** the lead-word block
  of the other tasks (the first verb decides an action category, not a ministry: with it
  recall@3 was 2 points lower);
* its **context**, known when the recommendation is imported: the mechanism kind (UPR, treaty
  body, special procedure), the body or mandate, and the tracker's thematic axes and sub-axes
  (``context_tokens``), as one more block of binary features.

Weak supervision: readings with a ``weight`` below 1 (the measures of Morocco's 2018–2021 national
action plan, PANDDH, whose responsible and partner bodies are mapped to the tracker's institutions:
``datasets.panddh_measures``) are training rows whose loss counts ``weight`` times; they never sit
in the inner validation split, and they only teach institutions that full-weight rows carry.

One linear SVM per institution; the ranking is by decision value. The SVM's C and the weight
of the context block are chosen inside ``fit`` on an inner split of the training rows grouped by
recommendation (its two versions on the same side), by recall@3: never on a test fold.
Thresholds (for ``predict``) and the Platt confidence reuse ``LabelModel``'s on that same split.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from tatabbu.core.text import normalize_text

from . import metrics
from .classifiers import SEED, LabelModel, _fit_svms
from .text import clean

C_GRID = (0.5, 1.0)
CONTEXT_WEIGHTS = (0.5, 1.0, 2.0)
INNER_SHARE = 0.2
# Loss weight of a PANDDH measure (weak supervision) against 1 for a tracker text: chosen on the
# inner splits of the five training folds (0.15 / 0.3 / 0.5 / 1 all gained 0.6–0.9 pt; 0.5 best).
WEAK_WEIGHT = 0.5


class Reading(list):
    """The versions (French, Arabic …) of one recommendation, with its context tokens and its
    training weight (below 1 for weak supervision). A list, so that a model trained before
    contexts existed reads it as the list of versions."""

    def __init__(
        self, versions: Iterable[str] = (), context: Iterable[str] = (), weight: float = 1.0
    ) -> None:
        super().__init__(v for v in versions if v and v.strip())
        self.context = list(context)
        self.weight = weight


def context_tokens(
    kind: str = "",
    body: str = "",
    axes: Iterable = (),
    sub_axes: Iterable = (),
) -> list[str]:
    """``kind`` = the mechanism kind (``upr``, ``treaty_body``, ``special_procedure``; the
    tracker's ``UPR`` / ``TB`` / ``SP`` are mapped), ``body`` = the treaty body's code or the
    mandate's French title, ``axes`` / ``sub_axes`` = the tracker's axis ids."""
    kind = {"UPR": "upr", "TB": "treaty_body", "SP": "special_procedure"}.get(kind, kind)
    tokens = [f"kind={kind}"] if kind else []
    body = "_".join(normalize_text(body).split())[:80]
    if body:
        tokens.append(f"body={body}")
    tokens += [f"axis={a}" for a in axes if str(a).strip()]
    tokens += [f"subaxis={a}" for a in sub_axes if str(a).strip()]
    return tokens


def as_reading(item) -> Reading:
    if isinstance(item, Reading):
        return item
    if isinstance(item, str):
        return Reading([item])
    return Reading(item)


class InstitutionFeatures:
    """Word and character TF-IDF of each version, and the context block (binary, L2-normed,
    times ``context_weight``). The word block comes first (explanations read it)."""

    def __init__(self, *, min_df: int = 2, context_weight: float = 1.0) -> None:
        self.word = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=min_df)
        self.char = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=min_df
        )
        self.context = TfidfVectorizer(
            token_pattern=r"\S+",  # noqa: S106 (a regular expression, not a password)
            lowercase=False,
            use_idf=False,
            binary=True,
        )
        self.context_weight = context_weight

    def _blocks(self, texts, contexts, fit: bool) -> tuple[sp.csr_matrix, ...]:
        cleaned = [clean(text) for text in texts]
        joined = [" ".join(tokens) or "kind=none" for tokens in contexts]
        if fit:
            return (
                self.word.fit_transform(cleaned),
                self.char.fit_transform(cleaned),
                self.context.fit_transform(joined),
            )
        return (
            self.word.transform(cleaned),
            self.char.transform(cleaned),
            self.context.transform(joined),
        )

    def stack(self, blocks: tuple[sp.csr_matrix, ...]) -> sp.csr_matrix:
        word, char, context = blocks
        return sp.hstack([word, char, context * self.context_weight]).tocsr()

    def fit_transform(self, texts: list[str], contexts: list[list[str]]) -> sp.csr_matrix:
        return self.stack(self._blocks(texts, contexts, fit=True))

    def transform(self, texts: list[str], contexts: list[list[str]]) -> sp.csr_matrix:
        return self.stack(self._blocks(texts, contexts, fit=False))

    @property
    def word_feature_count(self) -> int:
        return len(self.word.vocabulary_)


def _grouped_split(
    groups: Sequence[str], eligible: Sequence[bool] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """A seeded random ``INNER_SHARE`` of the groups (recommendations) for validation, drawn
    among the groups of the ``eligible`` rows (all by default; not the weak-supervision rows)."""
    eligible = [True] * len(groups) if eligible is None else list(eligible)
    names = sorted({group for group, ok in zip(groups, eligible, strict=True) if ok})
    rng = np.random.default_rng(SEED)
    held = set(rng.permutation(names)[: max(1, int(len(names) * INNER_SHARE))].tolist())
    mask = np.array([group in held for group in groups])
    indices = np.arange(len(groups))
    return indices[~mask], indices[mask]


def _weight(item) -> float:
    return float(getattr(item, "weight", 1.0)) if isinstance(item, Reading) else 1.0


def _recall_at_3(decisions: np.ndarray, targets: np.ndarray) -> float:
    top = np.argsort(-decisions, axis=1)[:, :3]
    found = np.take_along_axis(targets, top, axis=1).sum(axis=1)
    counts = np.minimum(targets.sum(axis=1), 3)
    rows = counts > 0
    return float((found[rows] / counts[rows]).mean()) if rows.any() else 0.0


class InstitutionModel(LabelModel):
    """See the module docstring. ``fit`` takes readings (or texts), label sets, an order (not
    used: the tracker has no usable dates) and the group (recommendation) of each row."""

    algorithm = (
        "tfidf-word12-char25 + context (mechanism, body, axes) + linear SVM per label, "
        "C and context weight tuned on an inner grouped split"
    )

    def __init__(self, *, min_df: int = 2) -> None:
        super().__init__(min_df=min_df)
        self.context_weight = 1.0
        self.tuning: dict = {}

    @staticmethod
    def _rows(items: Sequence) -> tuple[list[str], list[list[str]], list[int]]:
        """Flattened versions, their contexts, and the index of the item of each row."""
        texts, contexts, owners = [], [], []
        for index, item in enumerate(items):
            reading = as_reading(item)
            for version in list(reading) or [""]:
                texts.append(version)
                contexts.append(reading.context)
                owners.append(index)
        return texts, contexts, owners

    @staticmethod
    def _weak_labels(items: Sequence, label_sets: Sequence[Sequence[str]]) -> list[list[str]]:
        """Weak rows (weight < 1) keep only the labels that full-weight rows carry."""
        weights = [_weight(item) for item in items]
        known = {
            label
            for labels, weight in zip(label_sets, weights, strict=True)
            if weight >= 1
            for label in labels
        }
        return [
            list(labels) if weight >= 1 else [label for label in labels if label in known]
            for labels, weight in zip(label_sets, weights, strict=True)
        ]

    def fit(
        self,
        items: Sequence,
        label_sets: Sequence[Sequence[str]],
        order: Sequence[float] | None = None,
        groups: Sequence[str] | None = None,
    ) -> InstitutionModel:
        label_sets = self._weak_labels(items, label_sets)
        kept = [i for i, labels in enumerate(label_sets) if labels or _weight(items[i]) >= 1]
        items, label_sets = [items[i] for i in kept], [label_sets[i] for i in kept]
        groups = [groups[i] for i in kept] if groups is not None else None
        texts, contexts, owners = self._rows(items)
        row_weights = np.array([_weight(items[i]) for i in owners], dtype=float)
        label_sets = [label_sets[i] for i in owners]
        groups = [str(groups[i]) for i in owners] if groups is not None else list(map(str, owners))
        self.classes = sorted({label for labels in label_sets for label in labels})
        targets = self._targets(label_sets)
        self.thresholds = np.zeros(len(self.classes))
        self.features = InstitutionFeatures(min_df=self.min_df)
        blocks = self.features._blocks(texts, contexts, fit=True)
        weak = bool((row_weights < 1).any())
        sample_weight = row_weights if weak else None
        full = row_weights >= 1
        if len({g for g, ok in zip(groups, full, strict=True) if ok}) >= 20:
            train, validation = _grouped_split(groups, full)
            best = None
            for weight in CONTEXT_WEIGHTS:
                self.features.context_weight = weight
                x = self.features.stack(blocks)
                for c in C_GRID:
                    weights, biases = _fit_svms(
                        x[train],
                        targets[train],
                        c,
                        sample_weight=row_weights[train] if weak else None,
                    )
                    decisions = np.asarray(x[validation] @ weights.T) + biases
                    score = _recall_at_3(decisions, targets[validation])
                    self.tuning[f"C={c}, context={weight}"] = round(score, 4)
                    if best is None or score > best[0]:
                        best = (score, c, weight, decisions)
            _, self.c, self.context_weight, decisions = best
            self.thresholds = self._tune(decisions, targets[validation])
            self.platt.fit((decisions - self.thresholds).ravel(), targets[validation].ravel())
            self.validation = metrics.multilabel(
                [[self.classes[j] for j in np.flatnonzero(row)] for row in targets[validation]],
                self._chosen(decisions),
            ) | {
                "rows": len(validation),
                "recall_at_3": round(best[0], 4),
                "c": self.c,
                "context_weight": self.context_weight,
                "weak_rows": int((~full).sum()),
            }
        self.features.context_weight = self.context_weight
        self.weights, self.biases = _fit_svms(
            self.features.stack(blocks), targets, self.c, sample_weight=sample_weight
        )
        self.weak_rows = int((~full).sum())
        if weak:
            self.algorithm = (
                f"{type(self).algorithm}; {self.weak_rows} weak-supervision rows "
                f"(PANDDH measures) weighted {sorted(set(row_weights[~full].tolist()))}"
            )
        self._word_names = None
        return self

    def _grouped(self, items: Sequence) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
        """Features of every version, decision values averaged per item, first row per item."""
        texts, contexts, owners = self._rows(items)
        x = self.features.transform(texts, contexts)
        decisions = np.asarray(x @ self.weights.T) + self.biases
        owners_array = np.asarray(owners)
        starts = np.flatnonzero(np.r_[True, owners_array[1:] != owners_array[:-1]])
        counts = np.diff(np.append(starts, len(owners)))
        averaged = np.add.reduceat(decisions, starts, axis=0) / counts[:, None]
        return x, averaged, starts

    def decision(self, texts: Sequence) -> tuple[sp.csr_matrix, np.ndarray]:
        x, decisions, _ = self._grouped(texts)
        return x, decisions

    def predict(self, items: Sequence) -> list[list[str]]:
        return self._chosen(self._grouped(items)[1])
