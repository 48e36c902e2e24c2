"""Writes to recommendations, one module per concern; each registers its audit actions.

Modules: ``imports`` (the import pipeline), ``clusters``, ``recurrence``. Import them here so that
their audit actions are registered when the app loads.
"""

from . import clusters, recurrence  # noqa: F401
from .imports import (
    ImportClaimedError,
    ImportConflictError,
    ImportRefusedError,
    import_apply,
    import_batch_create,
    import_batch_fail,
    import_batch_finish_dry_run,
    import_batch_mark_interrupted,
    import_batch_start,
)

__all__ = [
    "ImportClaimedError",
    "ImportConflictError",
    "ImportRefusedError",
    "import_apply",
    "import_batch_create",
    "import_batch_fail",
    "import_batch_finish_dry_run",
    "import_batch_mark_interrupted",
    "import_batch_start",
]
