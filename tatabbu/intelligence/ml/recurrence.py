"""Measures the recurrence links of ``recommendations.services.recurrence`` on pairs labelled by
hand from the real data (``intelligence/data/recurrence_pairs.csv``; method in
docs/intelligence.md): precision and recall in English, French and Arabic.

The scorer is the service's: cosine of character 3–5-gram TF-IDF vectors (within words,
sublinear tf) of ``core.text.normalize_text`` texts, with its same-language threshold. The
vectoriser is fitted here on the texts of the evaluated pair universe of each language (the
service fits it on all texts of the State), so scores may differ slightly from the product's.

Strata: ``pool`` / ``high`` pairs were all labelled; ``low-sample`` pairs are a seeded random
sample of a larger band and weigh (band size / sample size), standing for the unlabelled pairs
of that band; ``keyword`` pairs were found outside the similarity pool; every other pair of the
universe counts as "not the same ask" (pooled recall: an upper bound)."""

from __future__ import annotations

import csv
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


@dataclass
class PairSet:
    name: str
    language: str
    earlier: dict[str, str]  # id → text
    later: dict[str, str]
    labels: dict[tuple[str, str], tuple[int, float]]  # (earlier, later) → (same ask, weight)


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
    upr = [r for r in _read(data_dir / UPR_FILE) if r["state_under_review"] == "Morocco"]
    sets = [
        PairSet(
            "upr-info-morocco-en",
            "en",
            {r["id"]: r["recommendation"] for r in upr if r["session"] == "1"},
            {r["id"]: r["recommendation"] for r in upr if r["session"] == "13"},
            labels.get("upr-info-morocco-en", {}),
        )
    ]
    didh = [r for r in _read(data_dir / DIDH_FILE) if r["text_ar"].strip()]
    for language in ("fr", "ar"):
        sets.append(
            PairSet(
                "didh-upr-vs-treaty-bodies",
                language,
                {r["id"]: r[f"text_{language}"] for r in didh if r["mechanism"] == "UPR"},
                {r["id"]: r[f"text_{language}"] for r in didh if r["mechanism"] == "TB"},
                labels.get("didh-upr-vs-treaty-bodies", {}),
            )
        )
    return sets


def scores(pair_set: PairSet) -> tuple[list[str], list[str], np.ndarray]:
    earlier, later = list(pair_set.earlier), list(pair_set.later)
    texts = [normalize_text(pair_set.earlier[i]) for i in earlier]
    texts += [normalize_text(pair_set.later[i]) for i in later]
    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32
    )
    matrix = vectorizer.fit_transform(texts)
    similarity = (matrix[: len(earlier)] @ matrix[len(earlier) :].T).toarray()
    return earlier, later, similarity


def measure(pair_set: PairSet, threshold: float) -> dict:
    earlier, later, similarity = scores(pair_set)
    return _count(pair_set, earlier, later, similarity, threshold)


def _count(pair_set, earlier, later, similarity, threshold) -> dict:
    index_e = {key: i for i, key in enumerate(earlier)}
    index_l = {key: j for j, key in enumerate(later)}
    tp = fp = fn = 0.0
    predicted_labelled = set()
    for (a, b), (same, weight) in pair_set.labels.items():
        if a not in index_e or b not in index_l:
            continue
        hit = similarity[index_e[a], index_l[b]] >= threshold
        if hit:
            predicted_labelled.add((a, b))
        tp += weight * (hit and same)
        fp += weight * (hit and not same)
        fn += weight * (not hit and same)
    unlabelled_hits = int((similarity >= threshold).sum()) - len(predicted_labelled)
    sampled = any(weight != 1.0 for _, weight in pair_set.labels.values())
    if not sampled:
        fp += unlabelled_hits  # the pool was labelled in full: anything else is not the same ask
    return {
        "threshold": threshold,
        "precision": round(float(tp / (tp + fp)), 3) if tp + fp else None,
        "recall": round(float(tp / (tp + fn)), 3) if tp + fn else None,
        "true_positives": round(float(tp), 1),
        "false_positives": round(float(fp), 1),
        "false_negatives": round(float(fn), 1),
        "unlabelled_predicted": unlabelled_hits,
    }


def report(data_dir: Path, threshold: float) -> dict:
    """Per language: figures at the service's threshold, and a sweep (same labels: descriptive,
    not a tuned threshold)."""
    result = {}
    for pair_set in load(data_dir):
        earlier, later, similarity = scores(pair_set)
        positives = sum(1 for same, _ in pair_set.labels.values() if same)
        result[pair_set.language] = {
            "set": pair_set.name,
            "pairs_in_universe": len(earlier) * len(later),
            "labelled_pairs": len(pair_set.labels),
            "labelled_same_ask": positives,
            **_count(pair_set, earlier, later, similarity, threshold),
            "sweep": [_count(pair_set, earlier, later, similarity, t) for t in SWEEP],
        }
    return result
