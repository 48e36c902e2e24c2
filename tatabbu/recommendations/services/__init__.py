"""Writes to recommendations, one module per concern; each registers its audit actions.

Modules: ``imports`` (the import pipeline), ``clusters``, ``recurrence``. Import them here so that
their audit actions are registered when the app loads.
"""

from . import clusters, recurrence  # noqa: F401
