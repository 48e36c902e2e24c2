"""Training data from the database, and the fingerprint that identifies a training set.

From the database, a recommendation is an example of a task when it has labels for it (its
themes, groups, SDG goals, action category, UPR Info issues, institutions — accepted
suggestions are among them, since accepting applies the label) or when a person decided on a
suggestion of that task for it: a recommendation whose only decisions are rejections is then a
known negative for those labels, and a rejected label is removed from its targets. For the
institution task, the measures of the 2018–2021 national action plan (PANDDH) are added as weak
supervision when the data directory holds them, their institutions as slugs."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tatabbu.institutions.selectors import institution_lookup_table
from tatabbu.recommendations.models import Recommendation

from . import vocabulary
from .choices import SuggestionStatus, Task
from .ml.datasets import PANDDH_FILE, SINGLE_LABEL, Example, TaskData, panddh_measures


def fingerprint(data: TaskData) -> str:
    """SHA-256 of the task, then each example's text and sorted labels (and its context tokens,
    when it has some: institutions), in order."""
    digest = hashlib.sha256(data.task.encode())
    for example in data.examples:
        digest.update(b"\x1e" + example.text.encode())
        digest.update(b"\x1f" + "\x1f".join(sorted(example.labels)).encode())
        if example.context:
            digest.update(b"\x1d" + "\x1d".join(example.context).encode())
    return digest.hexdigest()


def database_data(task: str, data_dir: Path | None = None) -> TaskData:
    """Labelled examples of ``task`` from the recommendations and the decisions on them; for
    institutions, plus the PANDDH measures of ``data_dir`` (``weak_institution_examples``)."""
    data = TaskData(task)
    queryset = (
        Recommendation.objects.select_related("mechanism")
        .prefetch_related("themes", "groups", "sdg_goals", "suggestions")
        .order_by("year", "id")
    )
    for recommendation in queryset.iterator(chunk_size=2000):
        text = vocabulary.task_text(recommendation, task).strip()
        if not text:
            continue
        decided = [
            s
            for s in recommendation.suggestions.all()
            if s.task == task and s.status != SuggestionStatus.PENDING
        ]
        rejected = {s.label for s in decided if s.status == SuggestionStatus.REJECTED}
        labels = sorted(vocabulary.current_labels(recommendation, task) - rejected)
        if task in SINGLE_LABEL:
            labels = labels[:1]
        if task == Task.INSTITUTION and (labels or decided):
            # One example per version (French, Arabic), with the context, as from the file.
            context = vocabulary.context(recommendation)
            versions = (recommendation.text_fr, recommendation.text_ar)
            for language, version in zip(("fr", "ar"), versions, strict=True):
                if version and version.strip():
                    data.examples.append(
                        Example(
                            version,
                            labels,
                            float(recommendation.year or 0),
                            recommendation.natural_key,
                            language,
                            context=context,
                        )
                    )
        elif labels or (decided and task not in SINGLE_LABEL):
            data.examples.append(
                Example(
                    text,
                    labels,
                    float(recommendation.year or 0),
                    recommendation.natural_key,
                    "en",
                )
            )
    if task == Task.INSTITUTION and data.examples and data_dir is not None:
        data.examples.extend(weak_institution_examples(data_dir))
    return data


def weak_institution_examples(data_dir: Path) -> list[Example]:
    """The PANDDH measures (``datasets.panddh_measures``) with their institutions as the slugs
    the database uses (names we do not hold stay as they are; the model drops labels that no
    recommendation carries)."""
    if not (data_dir / PANDDH_FILE).exists():
        return []
    table = institution_lookup_table()
    examples = panddh_measures(data_dir)
    for example in examples:
        example.labels = sorted(
            {vocabulary.canonical(Task.INSTITUTION, label, table) for label in example.labels}
        )
    return examples
