"""Metrics, written out so that their definitions are plain (docs/intelligence.md).

Multi-label: micro precision / recall / F1 over all (row, label) decisions; macro F1 is the mean
of per-label F1 over the labels present in the truth or the predictions of the evaluated rows.
Single-label: ``micro_f1`` is accuracy; precision, recall and ``macro_f1`` are macro means over
classes present in truth or predictions. ``recall_at_3``: per row, the share of its true labels
found among the 3 best-ranked labels, the denominator capped at 3 (a row with 5 true labels
scores 1 when 3 of them fill the top 3), averaged over rows; ``recall_at_k_uncapped`` is the
textbook recall@k (found / all true labels), lower whenever a row has more than k labels."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def multilabel(truth: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> dict:
    tp, fp, fn = Counter(), Counter(), Counter()
    for true_labels, predicted_labels in zip(truth, predicted, strict=True):
        true_set, predicted_set = set(true_labels), set(predicted_labels)
        for label in true_set & predicted_set:
            tp[label] += 1
        for label in predicted_set - true_set:
            fp[label] += 1
        for label in true_set - predicted_set:
            fn[label] += 1
    labels = set(tp) | set(fp) | set(fn)
    all_tp, all_fp, all_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    return {
        "micro_f1": round(_f1(all_tp, all_fp, all_fn), 4),
        "macro_f1": round(
            sum(_f1(tp[x], fp[x], fn[x]) for x in labels) / len(labels) if labels else 0.0, 4
        ),
        "precision": round(all_tp / (all_tp + all_fp) if all_tp + all_fp else 0.0, 4),
        "recall": round(all_tp / (all_tp + all_fn) if all_tp + all_fn else 0.0, 4),
        "labels": len(labels),
    }


def single_label(truth: Sequence[str], predicted: Sequence[str]) -> dict:
    classes = sorted(set(truth) | set(predicted))
    precisions, recalls, f1s = [], [], []
    for label in classes:
        tp = sum(1 for t, p in zip(truth, predicted, strict=True) if t == p == label)
        fp = sum(1 for t, p in zip(truth, predicted, strict=True) if p == label != t)
        fn = sum(1 for t, p in zip(truth, predicted, strict=True) if t == label != p)
        precisions.append(tp / (tp + fp) if tp + fp else 0.0)
        recalls.append(tp / (tp + fn) if tp + fn else 0.0)
        f1s.append(_f1(tp, fp, fn))
    correct = sum(1 for t, p in zip(truth, predicted, strict=True) if t == p)
    return {
        "micro_f1": round(correct / len(truth) if truth else 0.0, 4),
        "macro_f1": round(sum(f1s) / len(classes) if classes else 0.0, 4),
        "precision": round(sum(precisions) / len(classes) if classes else 0.0, 4),
        "recall": round(sum(recalls) / len(classes) if classes else 0.0, 4),
        "labels": len(classes),
    }


def recall_at_k(truth: Sequence[Sequence[str]], ranked: Sequence[Sequence[str]], k: int = 3):
    scores = []
    for true_labels, ranking in zip(truth, ranked, strict=True):
        true_set = set(true_labels)
        if true_set:
            found = len(true_set & set(ranking[:k]))
            scores.append(found / min(len(true_set), k))
    return round(sum(scores) / len(scores), 4) if scores else 0.0


def recall_at_k_uncapped(
    truth: Sequence[Sequence[str]], ranked: Sequence[Sequence[str]], k: int = 3
) -> float:
    scores = [
        len(set(true_labels) & set(ranking[:k])) / len(set(true_labels))
        for true_labels, ranking in zip(truth, ranked, strict=True)
        if true_labels
    ]
    return round(sum(scores) / len(scores), 4) if scores else 0.0


def average(reports: Sequence[dict]) -> dict:
    """Mean of fold reports (numbers only)."""
    keys = [key for key, value in reports[0].items() if isinstance(value, int | float)]
    return {key: round(sum(report[key] for report in reports) / len(reports), 4) for key in keys}
