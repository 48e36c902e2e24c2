"""The demo data set, step by step. Each app that has demo data adds a step here; each step is
idempotent and goes through that app's services (so it is audited like any other write)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class DemoStep:
    name: str
    run: Callable[[Path], dict[str, Any]]


def demo_steps() -> list[DemoStep]:
    """The steps of ``load_demo``, in order."""
    from tatabbu.calls.demo import load_calls_demo

    return [DemoStep("calls", load_calls_demo)]
