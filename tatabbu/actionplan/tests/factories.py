"""Factories of action-plan records, and the DIDH unit people (unit heads and approvers)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import factory
from factory.django import DjangoModelFactory

from tatabbu.accounts.choices import Role
from tatabbu.accounts.models import User
from tatabbu.core.workflow import ReviewStatus
from tatabbu.institutions.models import Institution

from ..models import (
    ActionPlan,
    Indicator,
    Milestone,
    Partner,
    Project,
    ProjectUpdate,
    StrategicAxis,
)

UNIT_A = "didh-international-mechanisms"
UNIT_B = "didh-reporting-follow-up"


def institution(slug: str) -> Institution:
    return Institution.objects.get(slug=slug)


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = ActionPlan
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"plan-{n}")
    title_ar = factory.Sequence(lambda n: f"خطة تجريبية {n}")
    title_fr = factory.Sequence(lambda n: f"Plan d’essai {n}")
    title_en = factory.Sequence(lambda n: f"Test plan {n}")
    owner = factory.LazyFunction(lambda: institution("didh"))
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2026, 12, 31)


class AxisFactory(DjangoModelFactory):
    class Meta:
        model = StrategicAxis

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: str(n + 1))
    position = factory.Sequence(lambda n: n)
    title_ar = factory.Sequence(lambda n: f"محور {n}")
    title_fr = factory.Sequence(lambda n: f"Axe {n}")
    title_en = factory.Sequence(lambda n: f"Axis {n}")


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"partner-{n}")
    kind = "un_entity"
    name_en = factory.Sequence(lambda n: f"Partner {n}")
    name_fr = factory.Sequence(lambda n: f"Partenaire {n}")
    name_ar = factory.Sequence(lambda n: f"شريك {n}")


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = Project

    axis = factory.SubFactory(AxisFactory)
    plan = factory.LazyAttribute(lambda project: project.axis.plan)
    number = factory.Sequence(lambda n: n + 1)
    title_ar = factory.Sequence(lambda n: f"مشروع رقم {n}")
    title_fr = factory.Sequence(lambda n: f"Projet {n}")
    title_en = factory.Sequence(lambda n: f"Project {n}")
    responsible_unit = factory.LazyFunction(lambda: institution(UNIT_A))


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    position = factory.Sequence(lambda n: n + 1)
    title_en = factory.Sequence(lambda n: f"Milestone {n}")
    title_ar = factory.Sequence(lambda n: f"مرحلة {n}")
    due_date = datetime.date(2026, 3, 31)


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"I{n}")
    title_en = factory.Sequence(lambda n: f"Indicator {n}")
    title_ar = factory.Sequence(lambda n: f"مؤشر {n}")
    baseline = Decimal(0)
    target = Decimal(10)


class UpdateFactory(DjangoModelFactory):
    class Meta:
        model = ProjectUpdate

    project = factory.SubFactory(ProjectFactory)
    status = ReviewStatus.DRAFT
    as_of = datetime.date(2026, 6, 30)
    progress_percent = Decimal("40.0")
    project_status = "in_progress"
    narrative_en = "Preparations under way."
    narrative_ar = "الأشغال التحضيرية جارية."
    author = factory.LazyFunction(lambda: User.objects.get(username="coordinator"))


def unit_user(username: str, role: str, unit: str = UNIT_A) -> User:
    """A unit head (focal point) or approver (validator) of a DIDH unit."""
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={"role": role, "institution": institution(unit)},
    )
    return user


def unit_people() -> dict[str, Any]:
    return {
        "head_a": unit_user("head.a", Role.FOCAL_POINT, UNIT_A),
        "approver_a": unit_user("approver.a", Role.VALIDATOR, UNIT_A),
        "head_b": unit_user("head.b", Role.FOCAL_POINT, UNIT_B),
        "approver_b": unit_user("approver.b", Role.VALIDATOR, UNIT_B),
    }
