"""The import pipeline's reading half: one parser per format, shared validation and planning.

``plan_import(path, format=…)`` reads and validates the whole file without writing anything and
returns an :class:`~.pipeline.ImportPlan` (counts, row errors and warnings, and the staged
creates and updates); ``services.imports.import_apply`` writes a valid plan in one transaction.
"""

from __future__ import annotations

from .base import ImportFileError, ParseOptions, RowIssue
from .pipeline import FORMATS, ImportPlan, plan_import

__all__ = ["FORMATS", "ImportFileError", "ImportPlan", "ParseOptions", "RowIssue", "plan_import"]
