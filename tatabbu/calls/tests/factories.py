"""Calls, associations and applications built through the services (so audited like real ones)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tatabbu.accounts.models import User
from tatabbu.calls import services
from tatabbu.calls.models import Application, Association, Call
from tatabbu.documents.tests import samples

PASSWORD = "Jasmin-Oasis-Tiznit-42"


def criteria() -> list[dict[str, Any]]:
    return [
        {
            "label_ar": "ملاءمة المشروع",
            "label_fr": "Pertinence",
            "label_en": "Relevance",
            "weight": Decimal(40),
            "max_score": 10,
        },
        {
            "label_ar": "القدرة على التنفيذ",
            "label_fr": "Capacité",
            "label_en": "Capacity",
            "weight": Decimal(60),
            "max_score": 5,
        },
    ]


def make_call(coordinator: User, *, publish: bool = True, **overrides: Any) -> Call:
    now = timezone.now()
    fields = {
        "reference": f"CFP-TEST-{Call.objects.count() + 1}",
        "title_ar": "طلب مشاريع تجريبي",
        "title_fr": "Appel à projets de test",
        "title_en": "Test call for projects",
        "budget_envelope": Decimal("100000.00"),
        "currency": "MAD",
        "opens_at": now - datetime.timedelta(days=1),
        "closes_at": now + datetime.timedelta(days=30),
        **overrides,
    }
    call = services.call_create(
        actor=coordinator,
        criteria=criteria(),
        required_documents=[
            {"label_ar": "النظام الأساسي", "label_fr": "Statuts", "label_en": "Statutes"}
        ],
        **fields,
    )
    if publish:
        services.call_publish(actor=coordinator, call=call, version=call.version)
        call.refresh_from_db()
    return call


def make_association(name: str, number: str, email: str) -> Association:
    association = services.association_register(
        name=name,
        registration_number=number,
        contact_name="Salma Bennani",
        email=email,
        password=PASSWORD,
        preferred_language="fr",
    )
    User.objects.filter(pk=association.user_id).update(is_active=True)
    association.user.refresh_from_db()
    return association


def persona_association(user: User) -> Association:
    """Give the ``association`` persona its organisation profile."""
    association = Association.objects.filter(user=user).first()
    if association is None:
        association = services.association_profile_create(
            actor=None,
            user=user,
            name="Association Test Persona",
            registration_number=f"REG-{user.pk}",
            contact_name="Hind Association",
        )
    return association


def make_application(
    user: User, call: Call, *, amount: Decimal = Decimal("40000"), attach: bool = True
) -> Application:
    application = services.application_create(
        actor=user,
        call=call,
        project_title="Accès au droit pour les femmes rurales",
        summary="Cliniques juridiques mobiles.",
        objectives="Informer 500 femmes de leurs droits.",
        beneficiaries="Femmes rurales de la région de Souss-Massa.",
        duration_months=12,
        language="fr",
        budget_lines=[
            {"label": "Formation", "amount": amount, "co_funding": Decimal("5000")},
        ],
    )
    if attach:
        services.application_attachment_add(
            actor=user,
            application=application,
            uploaded_file=samples.upload("statuts.pdf", samples.pdf_bytes()),
            required_document=call.required_documents.first(),
        )
    application.refresh_from_db()
    return application


def submit(user: User, application: Application) -> Application:
    services.application_submit(actor=user, application=application, version=application.version)
    application.refresh_from_db()
    return application
