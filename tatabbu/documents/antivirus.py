"""Virus scanning of uploads through ClamAV's ``clamscan`` (RELIABILITY.md FILE-3).

``TATABBU_ANTIVIRUS = "clamscan"`` scans every upload before it is stored; when the scanner is
missing, times out or reports an error, the upload is refused (fail closed). ``"none"`` (the
development and test default) skips the scan.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

from django.conf import settings

from .inspection import AntivirusUnavailable, refused

logger = logging.getLogger(__name__)


def scan(path: Path) -> None:
    """Return when ``path`` is clean; raise UploadRefused(infected) or AntivirusUnavailable."""
    engine = settings.TATABBU_ANTIVIRUS
    if engine == "none":
        return
    if engine != "clamscan":
        raise AntivirusUnavailable()
    executable = shutil.which(settings.TATABBU_CLAMSCAN_PATH)
    if executable is None:
        logger.error("antivirus: %s not found; upload refused", settings.TATABBU_CLAMSCAN_PATH)
        raise AntivirusUnavailable()
    command = [executable, "--no-summary", "--infected", "--stdout"]
    if settings.TATABBU_CLAMSCAN_DATABASE:
        command.append(f"--database={settings.TATABBU_CLAMSCAN_DATABASE}")
    command.extend(["--", str(path)])
    try:
        result = subprocess.run(  # noqa: S603
            command, capture_output=True, timeout=settings.TATABBU_ANTIVIRUS_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        logger.error("antivirus: scan failed (%s); upload refused", type(error).__name__)
        raise AntivirusUnavailable() from error
    if result.returncode == 0:
        return
    if result.returncode == 1:
        logger.warning("antivirus: threat found in an upload: %s", result.stdout[-300:])
        raise refused("infected")
    logger.error("antivirus: scanner error %s; upload refused", result.returncode)
    raise AntivirusUnavailable()
