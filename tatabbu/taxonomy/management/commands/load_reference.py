"""Load the reference data shipped with Tatabbu (idempotent)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand

from tatabbu.institutions.services import institutions_load_reference
from tatabbu.mechanisms.services import mechanisms_load_reference
from tatabbu.taxonomy.services import taxonomy_load_reference


def _reporting_cycles(*, actor: Any = None) -> Counter[str]:
    # The engagement app is of a higher layer: imported when the step runs.
    from tatabbu.engagement.services import reporting_cycles_load_reference

    return reporting_cycles_load_reference(actor=actor)


class Command(BaseCommand):
    help = (
        "Create or update the reference data: institutions, UN mechanisms and treaties (with the "
        "State's ratifications), UHRI themes and groups of persons, SDG goals and targets. "
        "Running it again changes nothing unless the shipped files changed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        totals: Counter[str] = Counter()
        for name, loader in (
            ("institutions", institutions_load_reference),
            ("mechanisms", mechanisms_load_reference),
            ("vocabularies", taxonomy_load_reference),
            ("engagement", _reporting_cycles),
        ):
            outcomes = loader(actor=None)
            totals.update(outcomes)
            summary = " ".join(f"{key}={value}" for key, value in sorted(outcomes.items()))
            self.stdout.write(f"{name}: {summary}")
        created = sum(v for k, v in totals.items() if k.endswith("created"))
        updated = sum(v for k, v in totals.items() if k.endswith("updated"))
        unchanged = sum(v for k, v in totals.items() if k.endswith("unchanged"))
        self.stdout.write(f"created={created} updated={updated} unchanged={unchanged}")
