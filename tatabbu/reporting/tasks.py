"""Background jobs of reports (Django's tasks API; `manage.py db_worker` runs them)."""

from __future__ import annotations

from django_tasks import task


@task()
def generate_report(report_id: int) -> None:
    from .generation import generate_stored

    generate_stored(report_id)
