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

    return [
        DemoStep("action plan 2026", _action_plan_2026),
        DemoStep("PANDDH 2018-2021", _panddh),
        DemoStep("calls", load_calls_demo),
    ]


def _action_plan_2026(data_dir: Path) -> dict[str, Any]:
    from tatabbu.actionplan.services import plan_2026_load

    return dict(plan_2026_load(actor=None))


def _panddh(data_dir: Path) -> dict[str, Any]:
    from tatabbu.actionplan.services import panddh_load

    return dict(panddh_load(actor=None, data_dir=data_dir))
