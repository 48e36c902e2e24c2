"""Settings package. A ``.env`` file at the repository root, if present, is read first."""

from pathlib import Path

from tatabbu.core.env import load_env_file

load_env_file(Path(__file__).resolve().parent.parent.parent / ".env")
