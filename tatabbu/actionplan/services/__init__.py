"""Every write to action plans (STYLE.md rule 15), by concern: loading plans from their sources,
progress updates through the review workflow, and planning changes."""

from .loading import panddh_load, plan_2026_load, plan_load
from .planning import (
    milestone_add,
    milestone_complete,
    project_link_add,
    project_plan_edit,
    project_recommendations_set,
    risk_add,
)
from .updates import (
    project_update_create,
    project_update_edit,
    project_update_publish,
    project_update_return,
    project_update_submit,
    project_update_validate,
)

__all__ = [
    "milestone_add",
    "milestone_complete",
    "panddh_load",
    "plan_2026_load",
    "plan_load",
    "project_link_add",
    "project_plan_edit",
    "project_recommendations_set",
    "project_update_create",
    "project_update_edit",
    "project_update_publish",
    "project_update_return",
    "project_update_submit",
    "project_update_validate",
    "risk_add",
]
