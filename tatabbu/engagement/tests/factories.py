"""Objects for the engagement tests, made through the services (so they are audited)."""

from __future__ import annotations

import datetime
from typing import Any

from tatabbu.accounts.models import User
from tatabbu.institutions.models import Institution
from tatabbu.mechanisms.models import Mechanism

from .. import services
from ..models import IndividualCommunication

MINISTRY_A = "ministry-of-justice"
MINISTRY_B = "ministry-of-solidarity-social-integration-and-family"


def coordinator() -> User:
    return User.objects.get(username="coordinator")


def institution(slug: str) -> Institution:
    return Institution.objects.get(slug=slug)


def communication(
    *,
    reference: str = "4321/2025",
    committee: str = "CCPR",
    ministry: str = MINISTRY_A,
    **fields: Any,
) -> IndividualCommunication:
    values = {
        "author": "A. B.",
        "registered_on": datetime.date(2025, 11, 3),
        "subject": "Detention conditions; access to a lawyer",
        "articles": "7, 9, 14",
        **fields,
    }
    return services.communication_create(
        actor=coordinator(),
        committee=Mechanism.objects.get(code=committee),
        institutions=[institution(ministry)],
        reference=reference,
        **values,
    )


def state_report(*, sections: int = 1) -> Any:
    from ..models import ReportingCycle

    report = services.state_report_create(
        actor=coordinator(),
        cycle=ReportingCycle.objects.get(key="ccpr-7"),
        title="Septième rapport périodique (Pacte international relatif aux droits civils "
        "et politiques)",
        language="fr",
        symbol="CCPR/C/MAR/7",
    )
    for number in range(1, sections + 1):
        services.section_create(
            actor=coordinator(),
            report=report,
            heading=f"Article 7 — Interdiction de la torture ({number})",
            articles="7, 10",
            loi_questions="11-13",
            co_paragraphs="23, 24",
        )
    return report
