"""Reads of calls, applications, reviews and reports: scoping is decided here.

An association sees only its own applications (drafts included); the DIDH (coordinators,
administrators, management) sees submitted applications; a reviewer sees eligible and decided
applications except those they declared a conflict of interest on. Anything else answers 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet, Sum
from django.http import Http404

from .choices import ApplicationStatus, CallStatus
from .models import Application, Call, Notification, ProjectReport, Review, Score
from .permissions import (
    can_see_all_submitted_applications,
    is_association,
    is_reviewer,
)

REVIEWABLE = [ApplicationStatus.ELIGIBLE, ApplicationStatus.FUNDED, ApplicationStatus.DECLINED]


def call_published_only() -> QuerySet[Call]:
    """Published calls: what the public portal and any signed-in user may read."""
    return Call.objects.filter(status=CallStatus.PUBLISHED).prefetch_related("themes")


def call_list(*, user: Any) -> QuerySet[Call]:
    """Calls ``user`` may read: all of them for the DIDH, published ones for everyone else."""
    if not (user and user.is_authenticated and user.is_active):
        return Call.objects.none()
    if can_see_all_submitted_applications(user):
        return Call.objects.prefetch_related("themes")
    return call_published_only()


def call_get(*, user: Any, uuid: Any) -> Call:
    call = call_list(user=user).filter(uuid=uuid).first()
    if call is None:
        raise Http404
    return call


def application_list(*, user: Any, call: Call | None = None) -> QuerySet[Application]:
    """Applications ``user`` may read (see the module docstring)."""
    queryset = Application.objects.select_related("call", "association")
    if call is not None:
        queryset = queryset.filter(call=call)
    if not (user and user.is_authenticated and user.is_active):
        return queryset.none()
    if is_association(user):
        return queryset.filter(association__user=user)
    if can_see_all_submitted_applications(user):
        return queryset.exclude(status=ApplicationStatus.DRAFT)
    if is_reviewer(user):
        return queryset.filter(status__in=REVIEWABLE, call__status=CallStatus.PUBLISHED).exclude(
            reviews__reviewer=user, reviews__has_conflict=True
        )
    return queryset.none()


def application_get(*, user: Any, uuid: Any) -> Application:
    application = (
        application_list(user=user)
        .filter(uuid=uuid)
        .prefetch_related("budget_lines", "attachments__document", "call__criteria")
        .first()
    )
    if application is None:
        raise Http404
    return application


def review_for(*, user: Any, application: Application) -> Review | None:
    """The review ``user`` started on ``application`` (their declaration and scores), if any."""
    return (
        Review.objects.filter(application=application, reviewer=user)
        .prefetch_related("scores")
        .first()
    )


@dataclass(frozen=True)
class RankedApplication:
    application: Application
    score: Decimal | None
    review_count: int
    rank: int


def weighted_score(review: Review, criteria: list[Any]) -> Decimal:
    """0–100: the sum of weight × score / max over the criteria, divided by the total weight."""
    by_criterion = {score.criterion_id: score.score for score in review.scores.all()}
    total_weight = sum((criterion.weight for criterion in criteria), Decimal(0))
    if not total_weight:
        return Decimal(0)
    earned = sum(
        (
            criterion.weight * Decimal(by_criterion.get(criterion.pk, 0)) / criterion.max_score
            for criterion in criteria
        ),
        Decimal(0),
    )
    return (earned * 100 / total_weight).quantize(Decimal("0.01"))


def application_ranking(*, user: Any, call: Call) -> list[RankedApplication]:
    """Eligible and decided applications of ``call`` by descending average weighted score
    (submitted, non-conflicted reviews only); unscored applications come last."""
    if not can_see_all_submitted_applications(user):
        return []
    criteria = list(call.criteria.all())
    reviews = Review.objects.filter(has_conflict=False, submitted_at__isnull=False)
    applications = (
        application_list(user=user, call=call)
        .filter(status__in=REVIEWABLE)
        .prefetch_related(
            "budget_lines",
            Prefetch(
                "reviews",
                queryset=reviews.prefetch_related(Prefetch("scores", queryset=Score.objects.all())),
                to_attr="scored_reviews",
            ),
        )
    )
    rows = []
    for application in applications:
        scores = [weighted_score(review, criteria) for review in application.scored_reviews]
        average = (
            (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.01")) if scores else None
        )
        rows.append((application, average, len(scores)))
    rows.sort(key=lambda row: (row[1] is None, -(row[1] or 0), row[0].created_at))
    return [
        RankedApplication(application, score, count, rank)
        for rank, (application, score, count) in enumerate(rows, start=1)
    ]


def call_funded_total(*, call: Call) -> Decimal:
    total = call.applications.filter(status=ApplicationStatus.FUNDED).aggregate(
        total=Sum("granted_amount")
    )["total"]
    return total or Decimal(0)


def report_list(*, user: Any) -> QuerySet[ProjectReport]:
    """Reports of funded projects: the association's own, or all of them for the DIDH."""
    queryset = ProjectReport.objects.select_related("application__call", "application__association")
    if not (user and user.is_authenticated and user.is_active):
        return queryset.none()
    if is_association(user):
        return queryset.filter(application__association__user=user)
    if can_see_all_submitted_applications(user):
        return queryset.exclude(status="draft")
    return queryset.none()


def report_get(*, user: Any, uuid: Any) -> ProjectReport:
    report = (
        report_list(user=user).filter(uuid=uuid).prefetch_related("attachments__document").first()
    )
    if report is None:
        raise Http404
    return report


def notification_list(*, user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("application")
