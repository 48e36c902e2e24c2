"""Objects the URL permission sweep (tests/url_policy.py) opens: a plan whose project is led by
ministry A (focal.a and validator.a are its unit head and approver), a draft update of it by
focal.a, and a report focal.a asked for. Created on first use in each test (get-or-create)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings

from tatabbu.core.workflow import ReviewStatus

from ..models import ActionPlan, Milestone, Project, ProjectUpdate, StrategicAxis


def policy_project(context: Any) -> Project:
    plan, _ = ActionPlan.objects.get_or_create(
        slug="policy-plan",
        defaults={
            "title_en": "Policy plan",
            "owner": context.institution_a,
            "start_date": datetime.date(2026, 1, 1),
            "end_date": datetime.date(2026, 12, 31),
        },
    )
    axis, _ = StrategicAxis.objects.get_or_create(
        plan=plan, code="1", defaults={"title_en": "Axis"}
    )
    project, _ = Project.objects.get_or_create(
        plan=plan,
        number=1,
        defaults={"axis": axis, "title_en": "Project", "responsible_unit": context.institution_a},
    )
    return project


def policy_draft(context: Any) -> ProjectUpdate:
    project = policy_project(context)
    update, _ = ProjectUpdate.objects.get_or_create(
        project=project,
        status=ReviewStatus.DRAFT,
        defaults={
            "as_of": datetime.date(2026, 6, 30),
            "progress_percent": Decimal(10),
            "project_status": "in_progress",
            "narrative_en": "Draft",
            "author": context.users["focal.a"],
        },
    )
    return update


def policy_validated(context: Any) -> ProjectUpdate:
    project = policy_project(context)
    update, _ = ProjectUpdate.objects.get_or_create(
        project=project,
        status=ReviewStatus.VALIDATED,
        defaults={
            "as_of": datetime.date(2026, 3, 31),
            "progress_percent": Decimal(5),
            "project_status": "in_progress",
            "narrative_en": "Validated",
            "author": context.users["focal.a"],
        },
    )
    return update


def policy_milestone(context: Any) -> Milestone:
    project = policy_project(context)
    milestone, _ = Milestone.objects.get_or_create(
        project=project,
        position=1,
        defaults={"title_en": "Step", "due_date": datetime.date(2026, 3, 1)},
    )
    return milestone


def policy_report(context: Any) -> Any:
    from tatabbu.reporting.choices import ReportStatus
    from tatabbu.reporting.models import GeneratedReport

    report = GeneratedReport.objects.filter(kind="action-plan", options={"plan": "policy"}).first()
    if report is None:
        directory = settings.MEDIA_ROOT / "reports"
        directory.mkdir(parents=True, exist_ok=True)
        stored = "0" * 32 + ".xlsx"
        (directory / stored).write_bytes(b"PK\x03\x04 policy sweep")
        report = GeneratedReport.objects.create(
            kind="action-plan",
            file_format="xlsx",
            language="ar",
            options={"plan": "policy"},
            status=ReportStatus.DONE,
            requested_by=context.users["focal.a"],
            stored_name=stored,
            download_name="policy.xlsx",
        )
    return report
