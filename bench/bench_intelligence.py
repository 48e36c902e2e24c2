"""Classifiers (issue 8): training time per model and prediction rate, on this machine.

Each task's model is trained on all rows of its real data file (UPR Info sessions 1–16 for
issues and action category; the Slovenia UHRI list for themes, persons and SDGs, with the SDG
descriptions; the DIDH tracker in French and Arabic for institutions), the way
``classify train --format …`` does (inner split for thresholds and calibration, then refit on
everything). Prediction is measured on 5,000 real texts of the task's language (repeated when
the file has fewer): ``predict`` (labels only) and ``suggest`` (labels, confidence and the
words that drove them, what the import hook stores). One process: the per-label SVMs are fitted
in two threads, the rest uses one core. ``train_cpu_seconds`` (process CPU time) is given beside
the wall time, and rates per CPU-second beside rates per second, because the machine is shared
(other processes take cores; the load average at the start and end is recorded). Prediction is
single-threaded: two worker processes on two cores give twice the per-CPU-second rate.

Goals: training ≤ 120 s per model; ≥ 1,000 recommendations/s.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

PREDICT_ROWS = 5000


def _texts(examples, count: int) -> list[str]:
    texts = [example.text for example in examples if not example.weak]
    return (texts * (count // len(texts) + 1))[:count]


def run() -> dict:
    from django.conf import settings

    from tatabbu.intelligence.ml import datasets
    from tatabbu.intelligence.ml.evaluation import make_model

    data_dir = Path(settings.TATABBU_DATA_DIR)
    figures: dict = {"load_average_at_start": round(os.getloadavg()[0], 2)}
    for format in ("upr-info", "uhri", "didh"):
        for task, data in datasets.load(format, None, data_dir).items():
            examples = data.examples
            texts = [e.text for e in examples]
            order = [e.order for e in examples]
            targets = [e.labels[0] if task in datasets.SINGLE_LABEL else e.labels for e in examples]
            started, cpu = time.perf_counter(), time.process_time()
            model = make_model(task).fit(texts, targets, order)
            train_seconds = time.perf_counter() - started
            train_cpu = time.process_time() - cpu
            sample = _texts(examples, PREDICT_ROWS)
            model.predict(sample[:100])  # warm-up
            started, cpu = time.perf_counter(), time.process_time()
            model.predict(sample)
            predict_seconds = time.perf_counter() - started
            predict_cpu = time.process_time() - cpu
            started, cpu = time.perf_counter(), time.process_time()
            model.suggest(sample)
            suggest_seconds = time.perf_counter() - started
            suggest_cpu = time.process_time() - cpu
            figures[task] = {
                "train_rows": len(examples),
                "train_seconds": round(train_seconds, 1),
                "train_cpu_seconds": round(train_cpu, 1),
                "predict_per_second": round(len(sample) / predict_seconds),
                "suggest_per_second": round(len(sample) / suggest_seconds),
                "predict_per_cpu_second": round(len(sample) / predict_cpu),
                "suggest_per_cpu_second": round(len(sample) / suggest_cpu),
            }
            print(task, figures[task], flush=True)
    tasks = [f for f in figures.values() if isinstance(f, dict)]
    figures["max_train_seconds"] = max(f["train_seconds"] for f in tasks)
    figures["min_predict_per_second"] = min(f["predict_per_second"] for f in tasks)
    figures["min_suggest_per_second"] = min(f["suggest_per_second"] for f in tasks)
    figures["load_average_at_end"] = round(os.getloadavg()[0], 2)
    return figures
