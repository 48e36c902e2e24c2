"""Background jobs of the API app: rebuilding the bulk files of published data."""

from __future__ import annotations

import logging

from django_tasks import task

from . import bulk

logger = logging.getLogger(__name__)


@task()
def open_data_build() -> int:
    """Rebuild every bulk file (``bulk.build``); returns the number of files written."""
    built = bulk.build()
    logger.info("open data: %d files rebuilt", len(built))
    return len(built)


def open_data_rebuild_soon() -> None:
    """Enqueue a rebuild (called after a publication, on commit)."""
    open_data_build.enqueue()
