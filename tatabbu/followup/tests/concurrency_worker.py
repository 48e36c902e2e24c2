"""Run by test_concurrency.py in separate processes (``python -m``): ``setup`` prepares a
database and prints the uuid of a draft update; ``edit UUID MARKER COUNT`` appends COUNT lines
to the update's text, one edit each, re-reading and retrying when another process won; ``once
UUID VERSION MARKER`` makes one edit quoting VERSION."""

from __future__ import annotations

import os
import sys
import time


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    command = sys.argv[1]
    if command == "setup":
        setup()
    elif command == "once":
        once(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        edit(sys.argv[2], sys.argv[3], int(sys.argv[4]))


def setup() -> None:
    from django.core.management import call_command

    from tatabbu.accounts.models import User
    from tatabbu.accounts.services import personas_seed
    from tatabbu.followup import services
    from tatabbu.recommendations.tests.factories import RecommendationFactory

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_reference", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    personas_seed(actor=None)
    focal = User.objects.get(username="focal.a")
    recommendation = RecommendationFactory(text_fr="Recommandation éditée en parallèle")
    services.assignment_set(
        actor=User.objects.get(username="coordinator"),
        recommendation=recommendation,
        lead_institution=focal.institution,
    )
    update = services.progress_update_create(
        actor=focal, recommendation=recommendation, values={"text": "start"}
    )
    print(update.uuid)


def edit(uuid: str, marker: str, count: int) -> None:
    from django.db import OperationalError

    from tatabbu.accounts.models import User
    from tatabbu.core.exceptions import ConflictError
    from tatabbu.followup import services
    from tatabbu.followup.models import ProgressUpdate

    focal = User.objects.get(username="focal.a")
    conflicts = 0
    for number in range(count):
        while True:
            update = ProgressUpdate.objects.get(uuid=uuid)
            try:
                services.progress_update_edit(
                    actor=focal,
                    update=update,
                    version=update.version,
                    values={"text": f"{update.text}\n{marker}-{number}"},
                )
                break
            except ConflictError:
                conflicts += 1
            except OperationalError:  # SQLite busy beyond its timeout: try again
                conflicts += 1
                time.sleep(0.05)
    print(conflicts)


def once(uuid: str, version: int, marker: str) -> None:
    """One edit quoting ``version`` whatever the stored one: prints ok or conflict."""
    from tatabbu.accounts.models import User
    from tatabbu.core.exceptions import ConflictError
    from tatabbu.followup import services
    from tatabbu.followup.models import ProgressUpdate

    update = ProgressUpdate.objects.get(uuid=uuid)
    try:
        services.progress_update_edit(
            actor=User.objects.get(username="focal.a"),
            update=update,
            version=version,
            values={"text": marker},
        )
    except ConflictError:
        print("conflict")
    else:
        print("ok")


if __name__ == "__main__":
    main()
