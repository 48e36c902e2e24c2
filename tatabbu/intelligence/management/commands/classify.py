"""``classify train`` and ``classify evaluate``: thin shells over ``services.model_train`` and
``ml.evaluation``.

  manage.py classify train [--task T …] [--format upr-info|uhri|didh [--data FILE]]
  manage.py classify evaluate [--format F] [--data FILE] [--train FILE] [--task T …]
  manage.py classify recurrence      (recurrence links: method and threshold chosen on the tuning
                                      pairs, precision / recall on the held-out ones)
  manage.py classify suggest [--task T …]   (suggestions for every recommendation, with the
                                             newest models; labels held or offered are skipped)

Without ``--format`` training reads the database (labels and decisions); with it, the file
(default: the format's file under TATABBU_DATA_DIR). ``evaluate`` prints JSON: per task the
split, and ``model`` and ``baseline`` with micro_f1, macro_f1, precision, recall (and
recall_at_3 for institutions), training seconds and prediction rate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tatabbu.core.exceptions import ServiceError
from tatabbu.recommendations.models import Recommendation
from tatabbu.recommendations.permissions import SYSTEM

from ...choices import Task
from ...hooks import SUGGEST_CHUNK
from ...ml import datasets, evaluation, recurrence
from ...services import model_train, suggestions_add
from ...training import database_data


class Command(BaseCommand):
    help = "Train the classifiers, or evaluate them beside the TF-IDF + linear SVM baseline."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["train", "evaluate", "recurrence", "suggest"])
        parser.add_argument("--task", action="append", choices=Task.values, default=None)
        parser.add_argument("--format", choices=sorted(datasets.FORMAT_TASKS), default=None)
        parser.add_argument("--data", type=Path, default=None, help="data file (CSV)")
        parser.add_argument(
            "--train", type=Path, default=None, help="evaluate: train on this file instead"
        )
        parser.add_argument("--data-dir", type=Path, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir = Path(options["data_dir"] or settings.TATABBU_DATA_DIR)
        if options["data"] and not options["format"]:
            raise CommandError("--data needs --format.")
        for name in ("data", "train"):
            if options[name] and not options[name].is_file():
                raise CommandError(f"{options[name]} is not a file.")
        if options["action"] == "train":
            self._train(options, data_dir)
        elif options["action"] == "recurrence":
            self._recurrence(data_dir)
        elif options["action"] == "suggest":
            self._suggest(options)
        else:
            self._evaluate(options, data_dir)

    def _file_tasks(self, format: str, path: Path | None, data_dir: Path, wanted) -> dict:
        tasks = datasets.load(format, path, data_dir)
        return {task: data for task, data in tasks.items() if not wanted or task in wanted}

    def _train(self, options: dict[str, Any], data_dir: Path) -> None:
        wanted = options["task"]
        if options["format"]:
            source = str(options["data"] or data_dir / datasets.DEFAULT_FILES[options["format"]])
            tasks = self._file_tasks(options["format"], options["data"], data_dir, wanted)
        else:
            source = "database"
            tasks = {task: database_data(task, data_dir) for task in (wanted or Task.values)}
        for task, data in tasks.items():
            try:
                artefact = model_train(actor=SYSTEM, data=data, data_source=source)
            except ServiceError as error:
                self.stderr.write(
                    f"{task}: not trained ({error.message}; {len(data.examples)} rows)"
                )
                continue
            self.stdout.write(
                f"{task}: version {artefact.version}, {artefact.train_rows} rows, "
                f"{artefact.train_seconds} s, fingerprint {artefact.data_fingerprint[:12]}, "
                f"inner validation {json.dumps(artefact.metrics.get('inner_validation', {}))}"
            )

    def _evaluate(self, options: dict[str, Any], data_dir: Path) -> None:
        formats = [options["format"]] if options["format"] else list(datasets.FORMAT_TASKS)
        report: dict[str, Any] = {"tasks": {}}
        for format in formats:
            tasks = self._file_tasks(format, options["data"], data_dir, options["task"])
            training = (
                self._file_tasks(format, options["train"], data_dir, options["task"])
                if options["train"]
                else {}
            )
            for task, data in tasks.items():
                report["tasks"][task] = evaluation.evaluate_task(data, train=training.get(task))
                report["tasks"][task]["format"] = format
                report["tasks"][task]["data"] = str(
                    options["data"] or data_dir / datasets.DEFAULT_FILES[format]
                )
        self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))

    def _recurrence(self, data_dir: Path) -> None:
        from tatabbu.recommendations.services.recurrence import (
            SAME_LANGUAGE_NGRAMS,
            SAME_LANGUAGE_THRESHOLD,
        )

        report = recurrence.report(data_dir, SAME_LANGUAGE_THRESHOLD, SAME_LANGUAGE_NGRAMS)
        self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))

    def _suggest(self, options: dict[str, Any]) -> None:
        ids = list(Recommendation.objects.order_by("pk").values_list("pk", flat=True))
        total = 0
        for start in range(0, len(ids), SUGGEST_CHUNK):
            total += suggestions_add(
                actor=SYSTEM,
                recommendation_ids=ids[start : start + SUGGEST_CHUNK],
                tasks=options["task"],
            )
        self.stdout.write(f"{total} suggestions stored for {len(ids)} recommendations")
