"""Writes of the intelligence app: registering a trained model, storing the suggestions a model
makes, and a person's decision on each. Only an acceptance changes the recommendation."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tatabbu.audit.registry import register_actions
from tatabbu.audit.trail import PendingEvent, TargetRef, record, record_many, service
from tatabbu.core.exceptions import ServiceError
from tatabbu.institutions.selectors import institution_lookup_table
from tatabbu.recommendations.models import Recommendation

from . import artefacts, vocabulary
from .choices import SuggestionStatus, Task
from .ml.datasets import TaskData
from .ml.evaluation import fit_examples, make_model
from .models import ModelArtefact, Suggestion
from .permissions import can_decide_suggestions, can_train_models
from .selectors import newest_artefacts
from .training import fingerprint

register_actions(
    {
        "intelligence.model_train": _("Classifier trained"),
        "recommendation.suggestions_add": _("Suggestions computed"),
        "recommendation.suggestion_accept": _("Suggestion accepted"),
        "recommendation.suggestion_reject": _("Suggestion rejected"),
    }
)

MIN_CONFIDENCE = 0.2


class SuggestionDecidedError(ServiceError):
    code = "suggestion_decided"
    default_message = _("This suggestion was already decided.")


@service
def model_train(*, actor: Any, data: TaskData, data_source: str) -> ModelArtefact:
    """Train the model of ``data.task`` on all of ``data`` and register it as the next version."""
    if not can_train_models(actor):
        raise PermissionDenied
    task, examples = data.task, data.examples
    if len(examples) < 10 or len({label for e in examples for label in e.labels}) < 2:
        raise ServiceError(_("Too few labelled examples to train."), code="too_little_data")
    started = time.perf_counter()
    model = fit_examples(make_model(task), task, examples)
    seconds = round(time.perf_counter() - started, 1)
    latest = ModelArtefact.objects.filter(task=task).aggregate(latest=Max("version"))["latest"]
    version = (latest or 0) + 1
    file_path, sha256 = artefacts.write(model, task=task, version=version)
    artefact = ModelArtefact.objects.create(
        task=task,
        version=version,
        algorithm=model.algorithm,
        data_source=data_source[:300],
        data_fingerprint=fingerprint(data),
        train_rows=len(examples),
        labels=list(model.classes),
        metrics={"inner_validation": getattr(model, "validation", {})},
        train_seconds=seconds,
        file_path=file_path,
        file_sha256=sha256,
    )
    record(
        actor=actor,
        action="intelligence.model_train",
        target=artefact,
        after={
            "task": task,
            "version": version,
            "data_fingerprint": artefact.data_fingerprint,
            "train_rows": len(examples),
        },
    )
    return artefact


@service
def suggestions_add(
    *, actor: Any, recommendation_ids: Iterable[int], tasks: Sequence[str] | None = None
) -> int:
    """Ask the newest model of each task for labels of the given recommendations and store them
    as pending suggestions (labels the recommendation has, or was already offered, are skipped).
    Nothing on the recommendation changes. Returns the number of suggestions stored."""
    models = newest_artefacts()
    chosen = [task for task in (tasks or Task.values) if task in models]
    recommendations = list(
        Recommendation.objects.filter(pk__in=list(recommendation_ids))
        .select_related("document", "mechanism")
        .prefetch_related("themes", "groups", "sdg_goals", "suggestions")
    )
    institutions = institution_lookup_table() if Task.INSTITUTION in chosen else {}
    created: list[Suggestion] = []
    for task in chosen:
        inputs = {r.pk: vocabulary.task_inputs(r, task) for r in recommendations}
        readable = [r for r in recommendations if inputs[r.pk]]
        if not readable:
            continue
        artefact = models[task]
        model = artefacts.load(artefact)
        proposals = model.suggest([inputs[r.pk] for r in readable])
        for recommendation, options in zip(readable, proposals, strict=True):
            held = vocabulary.current_labels(recommendation, task)
            offered = {s.label for s in recommendation.suggestions.all() if s.task == task}
            for option in options:
                label = vocabulary.canonical(task, option["label"], institutions)
                if label in held or label in offered or option["confidence"] < MIN_CONFIDENCE:
                    continue
                offered.add(label)
                created.append(
                    Suggestion(
                        recommendation=recommendation,
                        task=task,
                        label=label[:300],
                        confidence=min(1.0, max(0.0, option["confidence"])),
                        words=option["words"],
                        artefact=artefact,
                    )
                )
    Suggestion.objects.bulk_create(created)
    per_recommendation: dict[int, list[str]] = {}
    for suggestion in created:
        per_recommendation.setdefault(suggestion.recommendation_id, []).append(
            f"{suggestion.task}:{suggestion.label}"
        )
    labels = {r.pk: str(r) for r in recommendations}
    record_many(
        actor=actor,
        events=[
            PendingEvent(
                action="recommendation.suggestions_add",
                target=TargetRef(Recommendation, pk, labels[pk]),
                after={"suggestions": values},
            )
            for pk, values in per_recommendation.items()
        ],
    )
    return len(created)


@service
def suggestion_decide(*, actor: Any, suggestion: Suggestion, accept: bool) -> Suggestion:
    """Record a person's decision; an accepted label is applied to the recommendation."""
    if not can_decide_suggestions(actor):
        raise PermissionDenied
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != SuggestionStatus.PENDING:
        raise SuggestionDecidedError()
    recommendation = suggestion.recommendation
    changed: list[str] = []
    if accept:
        changed = vocabulary.apply(recommendation, suggestion.task, suggestion.label)
        scalar = [name for name in changed if name in {"action_category", "source_labels"}]
        recommendation.version = F("version") + 1
        recommendation.save(update_fields=[*scalar, "version", "updated_at"])
    suggestion.status = SuggestionStatus.ACCEPTED if accept else SuggestionStatus.REJECTED
    suggestion.decided_by = actor if getattr(actor, "pk", None) else None
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    record(
        actor=actor,
        action="recommendation.suggestion_accept" if accept else "recommendation.suggestion_reject",
        target=recommendation,
        after={
            "task": suggestion.task,
            "label": suggestion.label,
            "confidence": suggestion.confidence,
            "model": str(suggestion.artefact),
            "changed": changed,
        },
    )
    return suggestion


@service
def suggestions_decide(*, actor: Any, suggestions: Iterable[Suggestion], accept: bool) -> int:
    """Accept or reject several pending suggestions at once (each one audited)."""
    count = 0
    for suggestion in suggestions:
        if suggestion.status == SuggestionStatus.PENDING:
            suggestion_decide(actor=actor, suggestion=suggestion, accept=accept)
            count += 1
    return count
