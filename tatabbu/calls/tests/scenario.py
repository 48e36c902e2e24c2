"""A small call-for-projects scenario shared by the URL sweep and the API tests: an open call,
a draft call, the ``association`` persona's draft (association A) and association B's funded
application with a submitted report."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tatabbu.calls import services
from tatabbu.calls.models import Application, Call, ProjectReport
from tatabbu.documents.models import Document
from tatabbu.documents.tests import samples

from .factories import make_application, make_association, make_call, persona_association, submit


@dataclass
class CallsScenario:
    call: Call
    draft_call: Call
    application_a: Application
    application_b: Application
    report_b: ProjectReport
    document_a: Document
    document_b: Document
    report_document_b: Document
    association_b: Any


def build_calls_scenario(users: dict[str, Any]) -> CallsScenario:
    coordinator = users["coordinator"]
    persona_association(users["association"])
    users["association"].refresh_from_db()
    call = make_call(coordinator)
    draft_call = make_call(coordinator, publish=False)
    application_a = make_application(users["association"], call)
    association_b = make_association("Association B", "RB-SWEEP-2", "b@association.example").user
    application_b = submit(association_b, make_application(association_b, call))
    services.application_screen(
        actor=coordinator, application=application_b, version=application_b.version, eligible=True
    )
    application_b.refresh_from_db()
    services.application_decide(
        actor=coordinator,
        application=application_b,
        version=application_b.version,
        fund=True,
        amount=Decimal("30000"),
    )
    application_b.refresh_from_db()
    report_b = services.report_create(
        actor=association_b, application=application_b, kind="narrative", text="Rapport B"
    )
    services.report_attachment_add(
        actor=association_b,
        report=report_b,
        uploaded_file=samples.upload("rapport-b.pdf", samples.pdf_bytes("B")),
    )
    services.report_submit(actor=association_b, report=report_b, version=report_b.version)
    report_b.refresh_from_db()
    return CallsScenario(
        call=call,
        draft_call=draft_call,
        application_a=application_a,
        application_b=application_b,
        report_b=report_b,
        document_a=application_a.attachments.get().document,
        document_b=application_b.attachments.get(report=None).document,
        report_document_b=report_b.attachments.get().document,
        association_b=association_b,
    )
