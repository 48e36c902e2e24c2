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
