"""Reads for the public portal: published and public records only (STYLE.md rule 32)."""

from __future__ import annotations

from typing import Any

from tatabbu.institutions.models import Institution
from tatabbu.mechanisms.choices import MechanismKind, TreatyKind
from tatabbu.mechanisms.models import Mechanism, Treaty
from tatabbu.taxonomy.models import SdgTarget


def home_figures() -> dict[str, Any]:
    """Key figures of the home page (reference data is public)."""
    treaties = Treaty.objects.filter(state_status__in=["ratified", "acceded"])
    return {
        "core_treaties": treaties.filter(kind=TreatyKind.CORE).count(),
        "protocols": treaties.filter(kind=TreatyKind.OPTIONAL_PROTOCOL).count(),
        "treaty_bodies": Mechanism.objects.filter(kind=MechanismKind.TREATY_BODY).count(),
        "special_procedures": Mechanism.objects.filter(
            kind=MechanismKind.SPECIAL_PROCEDURE
        ).count(),
        "institutions": Institution.objects.filter(is_active=True).count(),
        "sdg_targets": SdgTarget.objects.count(),
    }
