"""The application lifecycle through the services: draft → submit → screening → review →
ranking → decision → report, and the refusals that must change nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from tatabbu.audit.models import Event
from tatabbu.audit.trail import iter_target_events
from tatabbu.calls import selectors, services
from tatabbu.calls.choices import ApplicationStatus
from tatabbu.calls.models import Application, Notification, Review
from tatabbu.core.exceptions import ConflictError, ServiceError, TransitionError

from .factories import make_application, make_association, make_call, submit

pytestmark = pytest.mark.django_db


def scores_for(call, values):  # type: ignore[no-untyped-def]
    return {
        criterion.pk: (value, "")
        for criterion, value in zip(call.criteria.all(), values, strict=True)
    }


def test_full_lifecycle(
    call, association_a, coordinator, reviewer, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        application = make_application(association_a, call)
        assert application.status == ApplicationStatus.DRAFT
        application = submit(association_a, application)
        assert application.status == ApplicationStatus.SUBMITTED
        services.application_screen(
            actor=coordinator, application=application, version=application.version, eligible=True
        )
        application.refresh_from_db()
        services.review_declare(actor=reviewer, application=application, has_conflict=False)
        services.review_score(
            actor=reviewer,
            application=application,
            scores=scores_for(call, [8, 4]),
            comment="Solide",
        )
        ranking = selectors.application_ranking(user=coordinator, call=call)
        assert [(row.application.pk, row.score, row.rank) for row in ranking] == [
            (application.pk, Decimal("80.00"), 1)
        ]
        services.application_decide(
            actor=coordinator,
            application=application,
            version=application.version,
            fund=True,
            amount=Decimal("35000"),
        )
        application.refresh_from_db()
        assert application.status == ApplicationStatus.FUNDED
        assert application.granted_amount == Decimal("35000")
        report = services.report_create(
            actor=association_a, application=application, kind="narrative", text="Activités menées."
        )
        services.report_submit(actor=association_a, report=report, version=report.version)
        report.refresh_from_db()
        services.report_return(
            actor=coordinator, report=report, version=report.version, reason="Ajoutez les chiffres."
        )
        report.refresh_from_db()
        services.report_update(
            actor=association_a, report=report, version=report.version, text="500 femmes formées."
        )
        report.refresh_from_db()
        services.report_submit(actor=association_a, report=report, version=report.version)
        report.refresh_from_db()
        services.report_validate(actor=coordinator, report=report, version=report.version)
        report.refresh_from_db()
    assert report.status == "validated"
    actions = [event.action for event in iter_target_events(application)][::-1]
    assert actions == [
        "application.create",
        "application.attach",
        "application.submit",
        "application.screen",
        "review.declare",
        "review.score",
        "application.decide",
    ]
    report_actions = [event.action for event in iter_target_events(report)][::-1]
    assert report_actions == [
        "report.create",
        "report.submit",
        "report.return",
        "report.update",
        "report.submit",
        "report.validate",
    ]
    # received, eligible, funded, report returned, report validated
    assert len(mail.outbox) == 5
    assert all(message.to == [association_a.email] for message in mail.outbox)
    assert all(application.project_title in message.subject for message in mail.outbox)
    assert Notification.objects.filter(recipient=association_a).count() == 5


def test_late_submission_is_refused_by_the_service(call, association_a) -> None:
    application = make_application(association_a, call)
    before = Event.objects.count()
    with (
        time_machine.travel(call.closes_at + datetime.timedelta(seconds=1)),
        pytest.raises(ServiceError) as refused,
    ):
        services.application_submit(
            actor=association_a, application=application, version=application.version
        )
    assert refused.value.code == "call_closed"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.submitted_at is None
    assert Event.objects.count() == before


def test_submission_one_second_before_closing_is_accepted(call, association_a) -> None:
    application = make_application(association_a, call)
    with time_machine.travel(call.closes_at - datetime.timedelta(seconds=1)):
        application = submit(association_a, application)
    assert application.status == ApplicationStatus.SUBMITTED


def test_cannot_start_an_application_before_the_call_opens(coordinator, association_a) -> None:
    call = make_call(
        coordinator,
        opens_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
        closes_at=datetime.datetime(2099, 2, 1, tzinfo=datetime.UTC),
    )
    with pytest.raises(ServiceError) as refused:
        make_application(association_a, call)
    assert refused.value.code == "call_closed"


def test_submission_needs_the_required_documents(call, association_a) -> None:
    application = make_application(association_a, call, attach=False)
    with pytest.raises(ServiceError) as refused:
        submit(association_a, application)
    assert refused.value.code == "missing_documents"


def test_conflicted_reviewer_cannot_score(call, association_a, coordinator, reviewer) -> None:
    application = submit(association_a, make_application(association_a, call))
    services.application_screen(
        actor=coordinator, application=application, version=application.version, eligible=True
    )
    services.review_declare(
        actor=reviewer, application=application, has_conflict=True, reason="Membre du bureau"
    )
    before = Event.objects.count()
    with pytest.raises(PermissionDenied):
        services.review_score(
            actor=reviewer, application=application, scores=scores_for(call, [9, 5])
        )
    assert Event.objects.count() == before
    assert not Review.objects.get(reviewer=reviewer).scores.exists()
    assert not selectors.application_list(user=reviewer).filter(pk=application.pk).exists()
    with pytest.raises(ServiceError) as refused:
        services.review_declare(actor=reviewer, application=application, has_conflict=False)
    assert refused.value.code == "already_declared"


def test_scoring_needs_a_declaration_and_scores_within_the_maximum(
    call, association_a, coordinator, reviewer
) -> None:
    application = submit(association_a, make_application(association_a, call))
    services.application_screen(
        actor=coordinator, application=application, version=application.version, eligible=True
    )
    with pytest.raises(ServiceError) as refused:
        services.review_score(
            actor=reviewer, application=application, scores=scores_for(call, [1, 1])
        )
    assert refused.value.code == "declaration_required"
    services.review_declare(actor=reviewer, application=application, has_conflict=False)
    with pytest.raises(ValidationError):
        services.review_score(
            actor=reviewer, application=application, scores=scores_for(call, [11, 1])
        )
    assert not Review.objects.get(reviewer=reviewer).scores.exists()


def test_only_reviewers_score_and_only_coordinators_screen(
    call, association_a, coordinator, focal_a
) -> None:
    application = submit(association_a, make_application(association_a, call))
    with pytest.raises(PermissionDenied):
        services.application_screen(
            actor=association_a, application=application, version=application.version, eligible=True
        )
    with pytest.raises(PermissionDenied):
        services.review_declare(actor=coordinator, application=application, has_conflict=False)
    with pytest.raises(PermissionDenied):
        services.application_screen(
            actor=focal_a, application=application, version=application.version, eligible=True
        )


def test_not_eligible_needs_a_reason_and_notifies(
    call, association_a, coordinator, django_capture_on_commit_callbacks
) -> None:
    application = submit(association_a, make_application(association_a, call))
    with pytest.raises(ValidationError):
        services.application_screen(
            actor=coordinator, application=application, version=application.version, eligible=False
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.application_screen(
            actor=coordinator,
            application=application,
            version=application.version,
            eligible=False,
            reason="Association créée depuis moins de deux ans.",
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INELIGIBLE
    assert application.screening_reason == "Association créée depuis moins de deux ans."
    assert "Association créée depuis moins de deux ans." in mail.outbox[-1].body
    event = Event.objects.filter(action="application.screen").latest("seq")
    assert event.after == {
        "status": "ineligible",
        "reason": "Association créée depuis moins de deux ans.",
    }


def test_decisions_stay_within_the_envelope(coordinator, association_a, association_b) -> None:
    call = make_call(coordinator, budget_envelope=Decimal("60000"))
    first = submit(association_a, make_application(association_a, call, amount=Decimal("40000")))
    second = submit(association_b, make_application(association_b, call, amount=Decimal("30000")))
    for application in (first, second):
        services.application_screen(
            actor=coordinator, application=application, version=application.version, eligible=True
        )
        application.refresh_from_db()
    services.application_decide(
        actor=coordinator,
        application=first,
        version=first.version,
        fund=True,
        amount=Decimal("40000"),
    )
    before = Event.objects.count()
    with pytest.raises(ServiceError) as refused:
        services.application_decide(
            actor=coordinator,
            application=second,
            version=second.version,
            fund=True,
            amount=Decimal("25000"),
        )
    assert refused.value.code == "envelope_exceeded"
    second.refresh_from_db()
    assert second.status == ApplicationStatus.ELIGIBLE and second.granted_amount is None
    assert Event.objects.count() == before
    services.application_decide(
        actor=coordinator,
        application=second,
        version=second.version,
        fund=True,
        amount=Decimal("20000"),
    )
    assert selectors.call_funded_total(call=call) == Decimal("60000")


def test_granted_amount_cannot_exceed_the_request(call, association_a, coordinator) -> None:
    application = submit(
        association_a, make_application(association_a, call, amount=Decimal("1000"))
    )
    services.application_screen(
        actor=coordinator, application=application, version=application.version, eligible=True
    )
    application.refresh_from_db()
    with pytest.raises(ValidationError):
        services.application_decide(
            actor=coordinator,
            application=application,
            version=application.version,
            fund=True,
            amount=Decimal("1000.01"),
        )


def test_ranking_orders_by_weighted_score(
    coordinator, association_a, association_b, reviewer
) -> None:
    call = make_call(coordinator)
    low = submit(association_a, make_application(association_a, call))
    high = submit(association_b, make_application(association_b, call))
    for application, values in ((low, [10, 1]), (high, [5, 5])):
        services.application_screen(
            actor=coordinator, application=application, version=application.version, eligible=True
        )
        services.review_declare(actor=reviewer, application=application, has_conflict=False)
        services.review_score(
            actor=reviewer, application=application, scores=scores_for(call, values)
        )
    ranking = selectors.application_ranking(user=coordinator, call=call)
    # low: 40×10/10 + 60×1/5 = 52; high: 40×5/10 + 60×5/5 = 80
    assert [(row.application.pk, row.score) for row in ranking] == [
        (high.pk, Decimal("80.00")),
        (low.pk, Decimal("52.00")),
    ]


def test_association_cannot_change_another_associations_application(
    call, association_a, association_b
) -> None:
    application = make_application(association_a, call)
    before = Event.objects.count()
    with pytest.raises(PermissionDenied):
        services.application_update(
            actor=association_b, application=application, version=application.version, summary="x"
        )
    with pytest.raises(PermissionDenied):
        services.application_submit(
            actor=association_b, application=application, version=application.version
        )
    application.refresh_from_db()
    assert application.summary == "Cliniques juridiques mobiles."
    assert application.status == ApplicationStatus.DRAFT
    assert Event.objects.count() == before


def test_stale_version_is_refused(call, association_a) -> None:
    application = make_application(association_a, call)
    stale = application.version
    services.application_update(
        actor=association_a, application=application, version=stale, summary="v2"
    )
    with pytest.raises(ConflictError):
        services.application_update(
            actor=association_a,
            application=Application.objects.get(pk=application.pk),
            version=stale,
            summary="v3",
        )
    assert Application.objects.get(pk=application.pk).summary == "v2"


def test_steps_cannot_be_skipped(call, association_a, coordinator) -> None:
    application = make_application(association_a, call)
    with pytest.raises(TransitionError):
        services.application_decide(
            actor=coordinator, application=application, version=application.version, fund=False
        )
    with pytest.raises(TransitionError):
        services.application_screen(
            actor=coordinator, application=application, version=application.version, eligible=True
        )


def test_one_application_per_call(call, association_a) -> None:
    make_application(association_a, call, attach=False)
    with pytest.raises(ServiceError) as refused:
        make_application(association_a, call, attach=False)
    assert refused.value.code == "already_applied"


def test_association_registration_creates_an_inactive_account(db) -> None:
    association = make_association("Association C", "RC-1", "c@example.org")
    assert association.user.role == "association"
    assert association.user.username == "c@example.org"


def test_rubric_is_frozen_once_published(call, coordinator) -> None:
    with pytest.raises(ServiceError) as refused:
        services.call_update(actor=coordinator, call=call, version=call.version, criteria=[])
    assert refused.value.code == "call_published"
    assert call.criteria.count() == 2
