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


# Morocco's real recommendations, read from TATABBU_DATA_DIR through the import pipeline:
# (step name, file under the data directory, import format).
RECOMMENDATION_FILES = [
    (
        "recommendations: DIDH tracker (treaty bodies, special procedures, UPR cycle 3)",
        "morocco-didh-tracker/recommendations_v2.csv",
        "didh",
    ),
    (
        "recommendations: UPR cycle 1 (A/HRC/8/22)",
        "un-docs-morocco-upr/A_HRC_8_22_Morocco_UPR_WG_report_2008_en.txt",
        "upr-report",
    ),
    (
        "recommendations: UPR cycle 2 (A/HRC/21/3)",
        "un-docs-morocco-upr/A_HRC_21_3_Morocco_UPR_WG_report_2012_en.txt",
        "upr-report",
    ),
]


def _recommendations_step(relative_path: str, format: str) -> Callable[[Path], dict[str, Any]]:
    def run(data_dir: Path) -> dict[str, Any]:
        from tatabbu.recommendations.tasks import import_file

        path = data_dir / relative_path
        if not path.is_file():
            return {"missing": str(path)}
        plan = import_file(path, format=format).plan
        if not plan.is_valid:
            problems = [plan.file_error.message] if plan.file_error else []
            problems += [issue.as_line() for issue in plan.errors[:5]]
            raise RuntimeError(f"{path} was refused: " + "; ".join(problems))
        return {
            "created": plan.created,
            "updated": plan.updated,
            "unchanged": plan.unchanged,
            "rejected": plan.rejected,
        }

    return run


def demo_steps() -> list[DemoStep]:
    """The steps of ``load_demo``, in order."""
    from tatabbu.calls.demo import load_calls_demo
    from tatabbu.engagement.demo import load_engagement_demo
    from tatabbu.followup.demo import load_followup_demo
    from tatabbu.portal.demo import load_portal_demo

    return [
        *(
            DemoStep(name, _recommendations_step(relative_path, format))
            for name, relative_path, format in RECOMMENDATION_FILES
        ),
        DemoStep("action plan 2026", _action_plan_2026),
        DemoStep("PANDDH 2018-2021", _panddh),
        DemoStep("calls", load_calls_demo),
        DemoStep("follow-up: assignments, actions, updates", load_followup_demo),
        DemoStep("engagement", load_engagement_demo),
        DemoStep("portal", load_portal_demo),
    ]


def _action_plan_2026(data_dir: Path) -> dict[str, Any]:
    from tatabbu.actionplan.services import plan_2026_load

    return dict(plan_2026_load(actor=None))


def _panddh(data_dir: Path) -> dict[str, Any]:
    from tatabbu.actionplan.services import panddh_load

    return dict(panddh_load(actor=None, data_dir=data_dir))
