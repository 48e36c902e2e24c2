"""Where generated report files live and how they are named."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tatabbu.core.exceptions import ServiceError

from .models import GeneratedReport


def reports_directory() -> Path:
    return Path(settings.MEDIA_ROOT) / "reports"


def stored_path(report: GeneratedReport) -> Path:
    """Where the file of ``report`` is; never outside the reports directory."""
    directory = reports_directory().resolve()
    path = (directory / report.stored_name).resolve()
    if not report.stored_name or path.parent != directory:
        raise ServiceError(_("This report has no file."), code="no_file")
    return path


def download_name(stem: str, file_format: str) -> str:
    """A safe file name: ASCII letters, digits, dots, dashes; no path, no bidi controls."""
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in stem)
    safe = "-".join(part for part in safe.split("-") if part.strip(".")).strip(".-") or "report"
    return f"{safe[:120]}.{file_format}"
