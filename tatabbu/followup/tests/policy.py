"""URL permission sweep entries of the follow-up (tests/url_policy.py merges them). The objects
come from the follow-up scenario, built once per test context."""

from __future__ import annotations

from typing import Any

LOGIN = "login"
PERSONAS = (
    "anonymous",
    "focal.a",
    "focal.b",
    "validator.a",
    "coordinator",
    "administrator",
    "association",
    "reviewer",
)
FOLLOWUP_USERS = ("focal.a", "focal.b", "validator.a", "coordinator", "administrator")


def expect(status: Any, *personas: str, others: Any = 403, **specific: Any) -> dict[str, Any]:
    """``status`` for ``personas``, ``others`` for the rest (sign-in page for anonymous);
    ``specific`` maps persona names with dots replaced by underscores."""
    result = {**dict.fromkeys(PERSONAS, others), "anonymous": LOGIN}
    result.update(dict.fromkeys(personas, status))
    result.update({name.replace("_", "."): value for name, value in specific.items()})
    return result


def api(expected: dict[str, Any]) -> dict[str, Any]:
    """The same expectations for the API: anonymous callers get 401 instead of the sign-in page."""
    return {**expected, "anonymous": 401}


def followup_scenario(context: Any) -> Any:
    scenario = getattr(context, "_followup", None)
    if scenario is None:
        from .scenario import build_scenario

        scenario = build_scenario(context.users)
        context._followup = scenario
    return scenario


def _rec_a(context: Any) -> dict[str, Any]:
    return {"uuid": followup_scenario(context).rec_a.uuid}


def _action_a(context: Any) -> dict[str, Any]:
    return {"uuid": followup_scenario(context).action_a.uuid}


def _indicator_a(context: Any) -> dict[str, Any]:
    from tatabbu.followup.models import Indicator

    action = followup_scenario(context).action_a
    indicator, _ = Indicator.objects.get_or_create(
        action=action, name_fr="Indicateur", defaults={"kind": "process"}
    )
    return {"uuid": indicator.uuid}


def _draft_a(context: Any) -> dict[str, Any]:
    return {"uuid": followup_scenario(context).draft_a.uuid}


def _submitted_a(context: Any) -> dict[str, Any]:
    return {"uuid": followup_scenario(context).submitted_a.uuid}


# Ministry A's objects: its people see them, ministry B's do not know they exist (404); the
# DIDH sees them; associations and reviewers have no follow-up pages.
OWN_A = expect(200, *FOLLOWUP_USERS, focal_b=404)
FOCAL_A_OR_DIDH = expect(200, "focal.a", "coordinator", "administrator", focal_b=404)


def policy_cases(case: Any, Case: Any) -> dict[str, list[Any]]:
    """The entries, built with url_policy's ``case`` and ``Case``."""
    return {
        "followup:workspace": case(expect(200, *FOLLOWUP_USERS)),
        "followup:validation_queue": case(expect(200, *FOLLOWUP_USERS)),
        "followup:dashboard": [
            Case(expect=expect(200, *FOLLOWUP_USERS), query=f"by={by}")
            for by in ("kind", "body", "theme", "sdg", "institution", "cycle")
        ],
        "followup:dashboard_export": [
            Case(
                expect=expect(200, *FOLLOWUP_USERS),
                kwargs=lambda context, table=table: {"table": table},
                query="by=theme",
            )
            for table in ("status", "overdue", "progress")
        ],
        "followup:notification_list": case(expect(200, *FOLLOWUP_USERS)),
        "followup:notification_read": case(expect(405, *FOLLOWUP_USERS)),
        "followup:assignment_bulk": case(
            expect(200, "coordinator", "administrator"), query="q=suivi"
        ),
        "followup:recommendation_followup": case(OWN_A, kwargs=_rec_a),
        "followup:assignment_edit": case(
            expect(200, "coordinator", "administrator"), kwargs=_rec_a
        ),
        "followup:status_override": case(expect(405, *FOLLOWUP_USERS), kwargs=_rec_a),
        "followup:action_create": case(FOCAL_A_OR_DIDH, kwargs=_rec_a),
        "followup:update_create": case(expect(200, "focal.a", focal_b=404), kwargs=_rec_a),
        "followup:action_detail": case(OWN_A, kwargs=_action_a),
        "followup:action_edit": case(FOCAL_A_OR_DIDH, kwargs=_action_a),
        "followup:indicator_create": case(FOCAL_A_OR_DIDH, kwargs=_action_a),
        "followup:indicator_value_record": case(expect(405, *FOLLOWUP_USERS), kwargs=_indicator_a),
        "followup:update_detail": [
            # a draft: only its institution (the DIDH sees submitted work only)
            Case(
                expect=expect(
                    200, "focal.a", "validator.a", focal_b=404, coordinator=404, administrator=404
                ),
                kwargs=_draft_a,
            ),
            Case(expect=OWN_A, kwargs=_submitted_a),
        ],
        "followup:update_edit": case(
            expect(200, "focal.a", focal_b=404, coordinator=404, administrator=404),
            kwargs=_draft_a,
        ),
        # API: scoped like the pages
        "api:assignment-list": case(api(expect(200, *FOLLOWUP_USERS))),
        "api:assignment-detail": case(
            api(OWN_A),
            kwargs=lambda context: {"uuid": followup_scenario(context).rec_a.assignment.uuid},
        ),
        "api:action-list": case(api(expect(200, *FOLLOWUP_USERS))),
        "api:action-detail": case(api(OWN_A), kwargs=_action_a),
        "api:indicator-list": case(api(expect(200, *FOLLOWUP_USERS))),
        "api:indicator-detail": case(api(OWN_A), kwargs=_indicator_a),
        "api:indicator-values": case(api(expect(405, *FOLLOWUP_USERS)), kwargs=_indicator_a),
        "api:progress-update-list": case(api(expect(200, *FOLLOWUP_USERS))),
        "api:progress-update-detail": [
            Case(
                expect=api(
                    expect(
                        200,
                        "focal.a",
                        "validator.a",
                        focal_b=404,
                        coordinator=404,
                        administrator=404,
                    )
                ),
                kwargs=_draft_a,
            ),
            Case(expect=api(OWN_A), kwargs=_submitted_a),
        ],
        "api:progress-update-evidence": case(api(expect(405, *FOLLOWUP_USERS)), kwargs=_draft_a),
        "api:progress-update-step": case(
            api(expect(405, *FOLLOWUP_USERS)),
            kwargs=lambda context: {**_submitted_a(context), "step": "validate"},
        ),
        "followup:update_transition": case(
            expect(405, *FOLLOWUP_USERS),
            kwargs=lambda context: {**_submitted_a(context), "step": "validate"},
        ),
    }
