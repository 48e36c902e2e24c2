"""Writes to clusters: create, edit (version-checked), delete, and membership of
recommendations, one by one or in bulk. Every change is audited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tatabbu.audit.registry import register_actions
from tatabbu.audit.trail import PendingEvent, record, record_many, service, snapshot
from tatabbu.core.concurrency import bump_version
from tatabbu.core.exceptions import ConflictError, ServiceError

from ..models import Cluster, Recommendation
from ..permissions import can_manage_clusters

register_actions(
    {
        "cluster.create": _("Cluster created"),
        "cluster.update": _("Cluster changed"),
        "cluster.delete": _("Cluster deleted"),
        "cluster.add_recommendations": _("Recommendations added to the cluster"),
        "cluster.remove_recommendations": _("Recommendations removed from the cluster"),
        "recommendation.cluster_set": _("Recommendation put in a cluster"),
        "recommendation.cluster_unset": _("Recommendation taken out of its cluster"),
    }
)

CLUSTER_FIELDS = ["name_ar", "name_fr", "name_en", "description"]
DEFAULT_BULK_LIMIT = 10_000


def _bulk_limit() -> int:
    return int(getattr(settings, "TATABBU_CLUSTER_BULK_LIMIT", DEFAULT_BULK_LIMIT))


def _check(actor: Any) -> None:
    if not can_manage_clusters(actor):
        raise PermissionDenied


def _clean_names(values: dict[str, str]) -> dict[str, str]:
    return {name: (values.get(name) or "").strip() for name in CLUSTER_FIELDS}


@service
def cluster_create(
    *, actor: Any, name_ar: str = "", name_fr: str = "", name_en: str = "", description: str = ""
) -> Cluster:
    """Create a cluster; it needs a name in at least one language."""
    _check(actor)
    values = _clean_names(
        {"name_ar": name_ar, "name_fr": name_fr, "name_en": name_en, "description": description}
    )
    cluster = Cluster(**values)
    cluster.full_clean()
    cluster.save()
    record(
        actor=actor,
        action="cluster.create",
        target=cluster,
        after=snapshot(cluster, CLUSTER_FIELDS),
    )
    return cluster


@service
def cluster_update(*, actor: Any, cluster: Cluster, version: int, **changes: str) -> Cluster:
    """Rename or describe ``cluster``; refuses a stale ``version`` (``ConflictError``)."""
    _check(actor)
    unknown = set(changes) - set(CLUSTER_FIELDS)
    if unknown:
        raise ServiceError(_("These fields cannot be changed here."), code="unknown_fields")
    before = snapshot(cluster, CLUSTER_FIELDS)
    for name, value in changes.items():
        setattr(cluster, name, (value or "").strip())
    cluster.full_clean()
    after = snapshot(cluster, CLUSTER_FIELDS)
    changed = [name for name in CLUSTER_FIELDS if before[name] != after[name]]
    if not changed:
        if cluster.version != version:
            raise ConflictError(current_version=cluster.version)
        return cluster
    bump_version(cluster, expected_version=version, fields=changed)
    record(
        actor=actor,
        action="cluster.update",
        target=cluster,
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
    )
    return cluster


@service
def cluster_delete(*, actor: Any, cluster: Cluster, version: int) -> None:
    """Delete ``cluster`` after taking its recommendations out of it; refuses a stale
    ``version``."""
    _check(actor)
    bump_version(cluster, expected_version=version, fields=[])
    members = list(cluster.recommendations.values_list("pk", flat=True))
    if members:
        _set_cluster(actor=actor, cluster=None, recommendation_ids=members)
    record(
        actor=actor,
        action="cluster.delete",
        target=cluster,
        before=snapshot(cluster, CLUSTER_FIELDS),
        extra={"removed_recommendations": len(members)},
    )
    cluster.delete()


@service
def cluster_add_recommendations(
    *, actor: Any, cluster: Cluster, recommendation_ids: Iterable[int]
) -> int:
    """Put the recommendations ``recommendation_ids`` in ``cluster`` (taking them out of any
    other cluster); returns how many changed. Refuses more than ``TATABBU_CLUSTER_BULK_LIMIT``
    at once."""
    _check(actor)
    ids = sorted(set(recommendation_ids))
    if len(ids) > _bulk_limit():
        raise ServiceError(
            _("At most %(limit)d recommendations can be added at once; narrow the filters.")
            % {"limit": _bulk_limit()},
            code="too_many",
        )
    changing = list(
        Recommendation.objects.filter(pk__in=ids)
        .exclude(cluster=cluster)
        .values_list("pk", flat=True)
    )
    if not changing:
        return 0
    _set_cluster(actor=actor, cluster=cluster, recommendation_ids=changing)
    record(
        actor=actor,
        action="cluster.add_recommendations",
        target=cluster,
        extra={"count": len(changing)},
    )
    return len(changing)


@service
def cluster_remove_recommendations(
    *, actor: Any, cluster: Cluster, recommendation_ids: Iterable[int]
) -> int:
    """Take those of ``recommendation_ids`` that are in ``cluster`` out of it; returns how many."""
    _check(actor)
    ids = list(
        Recommendation.objects.filter(pk__in=set(recommendation_ids), cluster=cluster).values_list(
            "pk", flat=True
        )
    )
    if not ids:
        return 0
    _set_cluster(actor=actor, cluster=None, recommendation_ids=ids)
    record(
        actor=actor,
        action="cluster.remove_recommendations",
        target=cluster,
        extra={"count": len(ids)},
    )
    return len(ids)


def _set_cluster(
    *,
    actor: Any,
    cluster: Cluster | None,
    recommendation_ids: list[int],
) -> None:
    """One UPDATE and one audit event per recommendation (its history shows the move)."""
    rows = list(
        Recommendation.objects.filter(pk__in=recommendation_ids).select_related(
            "document", "cluster"
        )
    )
    Recommendation.objects.filter(pk__in=recommendation_ids).update(
        cluster=cluster, updated_at=timezone.now()
    )
    events = []
    for row in rows:
        before_cluster = row.cluster.uuid if row.cluster_id else None
        events.append(
            PendingEvent(
                action="recommendation.cluster_set" if cluster else "recommendation.cluster_unset",
                target=row,
                before={"cluster": before_cluster and str(before_cluster)},
                after={"cluster": str(cluster.uuid) if cluster else None},
            )
        )
    record_many(actor=actor, events=events)
