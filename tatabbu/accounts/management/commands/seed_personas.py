"""Create the development and test personas (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tatabbu.accounts.services import personas_seed
from tatabbu.core.exceptions import ServiceError


class Command(BaseCommand):
    help = (
        "Create or reset the personas used in development and tests: administrator, coordinator, "
        "management, focal.a and validator.a (ministry A), focal.b and validator.b (ministry B), "
        "association. Their password is SEED_PASSWORD. Refused outside development and test "
        "settings. Needs load_reference first (ministries A and B)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            outcome = personas_seed(actor=None)
        except ServiceError as error:
            raise CommandError(str(error.message)) from error
        for username, result in outcome.items():
            self.stdout.write(f"{username}: {result}")
