"""Measures the recurrence links of ``recommendations.services.recurrence`` on pairs labelled by
hand from the real data (``intelligence/data/recurrence_pairs.csv``; method in
docs/intelligence.md): precision and recall in English, French and Arabic.

The scorer is the service's: cosine of character n-gram TF-IDF vectors (within words,
sublinear tf) of ``core.text.normalize_text`` texts, with its same-language threshold. The
vectoriser is fitted here on the texts of the evaluated pair universe of each language (the
service fits it on all texts of the State), so scores may differ slightly from the product's.

Strata: ``pool`` / ``pool-other`` / ``high`` pairs were all labelled; ``low-sample`` pairs are a
seeded random sample of a larger band and weigh (band size / sample size), standing for the
unlabelled pairs of that band; ``keyword`` pairs were found outside the similarity pool; every
other pair of the universe counts as "not the same ask" (pooled recall: an upper bound).

Split: each labelled pair is in ``tuning`` or ``held-out`` (column ``split``, fixed: by the
SHA-256 of the later recommendation's id, so one later recommendation is on one side only; an
unlabelled pair is on its later recommendation's side). The threshold is chosen on ``tuning``
(best F1 over the three languages' pairs pooled, grid ``GRID``, never below the pools' floor of
0.30) and the figures are reported on ``held-out``."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from tatabbu.core.text import normalize_text

PAIRS_FILE = Path(__file__).resolve().parent.parent / "data" / "recurrence_pairs.csv"
UPR_FILE = "upr-info-2008-2014/upr_info_recommendations_sessions01-16.csv"
DIDH_FILE = "morocco-didh-tracker/recommendations_v2.csv"
LOW_BAND_SIZE = 195  # pairs of the DIDH band the 30 labelled "low-sample" pairs were drawn from
SWEEP = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
# Candidate methods: cosine of character n-gram TF-IDF vectors (within words, sublinear tf) for
# these n-gram ranges. Word unigram TF-IDF, their mean with 3-5-grams, and 3-5-grams after
# stripping Arabic article prefixes scored lower on the tuning pairs (docs/intelligence.md).
METHODS = {"char_wb 2-4": (2, 4), "char_wb 3-5": (3, 5), "char_wb 4-6": (4, 6)}
GRID = tuple(round(0.30 + 0.01 * step, 2) for step in range(31))  # 0.30 … 0.60
TUNING, HELD_OUT = "tuning", "held-out"
PREVIOUS_THRESHOLD = 0.45  # the threshold before it was chosen on the tuning pairs
# Other States' English pairs (UPR Info, session 1 → 13), labelled like Morocco's.
ENGLISH_SETS = {"upr-info-morocco-en": "Morocco", "upr-info-tunisia-en": "Tunisia"}


@dataclass
class PairSet:
    name: str
    language: str
    earlier: dict[str, str]  # id → text
    later: dict[str, str]
    labels: dict[tuple[str, str], tuple[int, float]]  # (earlier, later) → (same ask, weight)
    splits: dict[str, str] | None = None  # later id → tuning / held-out


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load(data_dir: Path, pairs_file: Path = PAIRS_FILE) -> list[PairSet]:
    labelled = _read(pairs_file)
    low_sample = sum(1 for row in labelled if row["stratum"] == "low-sample")
    labels: dict[str, dict] = {}
    for row in labelled:
        weight = LOW_BAND_SIZE / low_sample if row["stratum"] == "low-sample" else 1.0
        labels.setdefault(row["set"], {})[(row["earlier"], row["later"])] = (
            int(row["same_ask"]),
            weight,
        )
    splits = {row["later"]: row.get("split") or TUNING for row in labelled}
    rows = _read(data_dir / UPR_FILE)
    sets = []
    for name, state in ENGLISH_SETS.items():
        upr = [r for r in rows if r["state_under_review"] == state]
        sets.append(
            PairSet(
                name,
                "en",
                {r["id"]: r["recommendation"] for r in upr if r["session"] == "1"},
                {r["id"]: r["recommendation"] for r in upr if r["session"] == "13"},
                labels.get(name, {}),
                splits,
            )
        )
    didh = [r for r in _read(data_dir / DIDH_FILE) if r["text_ar"].strip()]
    for language in ("fr", "ar"):
        sets.append(
            PairSet(
                "didh-upr-vs-treaty-bodies",
                language,
                {r["id"]: r[f"text_{language}"] for r in didh if r["mechanism"] == "UPR"},
                {r["id"]: r[f"text_{language}"] for r in didh if r["mechanism"] == "TB"},
                labels.get("didh-upr-vs-treaty-bodies", {}),
                splits,
            )
        )
    return sets


def split_of(later: str) -> str:
    """The fixed side of a later recommendation (labelled pairs carry it in the file; an
    unlabelled one is placed by the same rule)."""
    return TUNING if int(hashlib.sha256(later.encode()).hexdigest(), 16) % 2 == 0 else HELD_OUT


def scores(
    pair_set: PairSet, ngram_range: tuple[int, int] = (3, 5)
) -> tuple[list[str], list[str], np.ndarray]:
    earlier, later = list(pair_set.earlier), list(pair_set.later)
    texts = [normalize_text(pair_set.earlier[i]) for i in earlier]
    texts += [normalize_text(pair_set.later[i]) for i in later]
    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=ngram_range, sublinear_tf=True, dtype=np.float32
    )
    matrix = vectorizer.fit_transform(texts)
    similarity = (matrix[: len(earlier)] @ matrix[len(earlier) :].T).toarray()
    return earlier, later, similarity


def measure(pair_set: PairSet, threshold: float, ngram_range=(3, 5)) -> dict:
    earlier, later, similarity = scores(pair_set, ngram_range)
    return _count(pair_set, earlier, later, similarity, threshold)


def _count(pair_set, earlier, later, similarity, threshold, split: str | None = None) -> dict:
    """Weighted counts at ``threshold``; with ``split``, only the pairs whose later
    recommendation is on that side (labelled or not)."""
    index_e = {key: i for i, key in enumerate(earlier)}
    index_l = {key: j for j, key in enumerate(later)}
    columns = np.ones(len(later), dtype=bool)
    if split is not None:
        columns = np.array([split_of(key) == split for key in later], dtype=bool)
    tp = fp = fn = 0.0
    predicted_labelled = set()
    for (a, b), (same, weight) in pair_set.labels.items():
        if a not in index_e or b not in index_l or not columns[index_l[b]]:
            continue
        hit = similarity[index_e[a], index_l[b]] >= threshold
        if hit:
            predicted_labelled.add((a, b))
        tp += weight * (hit and same)
        fp += weight * (hit and not same)
        fn += weight * (not hit and same)
    unlabelled_hits = int((similarity[:, columns] >= threshold).sum()) - len(predicted_labelled)
    sampled = any(weight != 1.0 for _, weight in pair_set.labels.values())
    if not sampled:
        fp += unlabelled_hits  # the pool was labelled in full: anything else is not the same ask
    return {
        "threshold": threshold,
        "f1": round(float(2 * tp / (2 * tp + fp + fn)), 3) if tp else 0.0,
        "precision": round(float(tp / (tp + fp)), 3) if tp + fp else None,
        "recall": round(float(tp / (tp + fn)), 3) if tp + fn else None,
        "true_positives": round(float(tp), 1),
        "false_positives": round(float(fp), 1),
        "false_negatives": round(float(fn), 1),
        "unlabelled_predicted": unlabelled_hits,
    }


def _pooled(counts: list[dict]) -> dict:
    tp = sum(c["true_positives"] for c in counts)
    fp = sum(c["false_positives"] for c in counts)
    fn = sum(c["false_negatives"] for c in counts)
    return {
        "threshold": counts[0]["threshold"],
        "f1": round(2 * tp / (2 * tp + fp + fn), 3) if tp else 0.0,
        "precision": round(tp / (tp + fp), 3) if tp + fp else None,
        "recall": round(tp / (tp + fn), 3) if tp + fn else None,
        "true_positives": round(tp, 1),
        "false_positives": round(fp, 1),
        "false_negatives": round(fn, 1),
        "unlabelled_predicted": sum(c["unlabelled_predicted"] for c in counts),
    }


def choose_threshold(scored: list[tuple]) -> tuple[float, list[dict]]:
    """The ``GRID`` threshold with the best F1 on the tuning pairs of every set pooled (ties:
    the higher threshold); returns it and the tuning curve."""
    curve = [_pooled([_count(*entry, threshold, TUNING) for entry in scored]) for threshold in GRID]
    best = max(curve, key=lambda point: (point["f1"], point["threshold"]))
    return best["threshold"], curve


def choose_method(pair_sets: list[PairSet]) -> tuple[str, float, dict]:
    """The method and threshold with the best pooled F1 on the tuning pairs; returns them and
    each method's best tuning F1 (and its threshold)."""
    tried = {}
    for name, ngram_range in METHODS.items():
        scored = [(pair_set, *scores(pair_set, ngram_range)) for pair_set in pair_sets]
        threshold, curve = choose_threshold(scored)
        best = next(point for point in curve if point["threshold"] == threshold)
        tried[name] = {"threshold": threshold, "tuning_f1": best["f1"]}
    method = max(tried, key=lambda name: tried[name]["tuning_f1"])
    return method, tried[method]["threshold"], tried


def report(data_dir: Path, threshold: float, ngram_range: tuple[int, int] = (3, 5)) -> dict:
    """The method and threshold chosen on the tuning pairs, and per language the held-out
    figures of the product's method (``ngram_range``) and ``threshold`` (and of the previous
    method: 3-5-grams at 0.45), the tuning figures, and a descriptive held-out sweep."""
    pair_sets = load(data_dir)
    chosen_method, chosen_threshold, tried = choose_method(pair_sets)
    scored = [(pair_set, *scores(pair_set, tuple(ngram_range))) for pair_set in pair_sets]
    previous = [(pair_set, *scores(pair_set, (3, 5))) for pair_set in pair_sets]
    product = next(name for name, grams in METHODS.items() if grams == tuple(ngram_range))
    result: dict = {
        "method_chosen_on_tuning": chosen_method,
        "threshold_chosen_on_tuning": chosen_threshold,
        "methods_on_tuning": tried,
        "product_method": product,
        "product_threshold": threshold,
        "previous": {"method": "char_wb 3-5", "threshold": PREVIOUS_THRESHOLD},
        "languages": {},
    }
    for language in ("en", "fr", "ar"):
        entries = [entry for entry in scored if entry[0].language == language]
        labels = [label for entry in entries for label in entry[0].labels.values()]
        result["languages"][language] = {
            "sets": [entry[0].name for entry in entries],
            "pairs_in_universe": sum(len(e[1]) * len(e[2]) for e in entries),
            "labelled_pairs": len(labels),
            "labelled_same_ask": sum(1 for same, _ in labels if same),
            "held_out": _pooled([_count(*e, threshold, HELD_OUT) for e in entries]),
            "held_out_previous": _pooled(
                [
                    _count(*e, PREVIOUS_THRESHOLD, HELD_OUT)
                    for e in previous
                    if e[0].language == language
                ]
            ),
            "tuning": _pooled([_count(*e, threshold, TUNING) for e in entries]),
            "all_labelled": _pooled([_count(*e, threshold) for e in entries]),
            "sweep_held_out": [_pooled([_count(*e, t, HELD_OUT) for e in entries]) for t in SWEEP],
        }
    return result
