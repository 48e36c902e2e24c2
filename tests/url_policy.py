"""Who may open which URL: the policy the permission sweep (test_url_policy.py) checks.

Every named URL pattern of the project must appear here (deny by default: a new URL without an
entry fails the sweep). Each entry lists one or more cases: the URL's arguments, built from the
test context, and the expected status of a GET per persona. ``LOGIN`` means a redirect to the
sign-in page; ``REDIRECT`` any other redirect.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tatabbu.actionplan.tests.policy import (
    policy_draft,
    policy_milestone,
    policy_project,
    policy_report,
    policy_validated,
)
from tatabbu.followup.tests.policy import followup_scenario, policy_cases

LOGIN = "login"
REDIRECT = "redirect"
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


def everyone(status: int | str) -> dict[str, int | str]:
    return dict.fromkeys(PERSONAS, status)


PUBLIC = everyone(200)
POST_ONLY = everyone(405)
SIGNED_IN = {**everyone(200), "anonymous": LOGIN}
# Back-office roles (associations are not staff; reviewers are).
STAFF = {**SIGNED_IN, "association": 403}
ADMINISTRATORS = {**everyone(403), "anonymous": LOGIN, "administrator": 200}
ANONYMOUS_ONLY = {**everyone(REDIRECT), "anonymous": 200}
SIGNED_IN_POST_ONLY = {**everyone(405), "anonymous": LOGIN}
API_STAFF = {**everyone(200), "anonymous": 401, "association": 403}
# A project led by ministry A: its focal point and validator are the unit's people.
UNIT_A_MEMBERS = {**everyone(403), "anonymous": LOGIN, "focal.a": 200, "validator.a": 200}
# A draft of ministry A: other institutions do not see it exist; administrators read it.
UNIT_A_DRAFT = {
    **UNIT_A_MEMBERS,
    "focal.b": 404,
    "reviewer": 404,
    "coordinator": 200,
    "administrator": 200,
}
# A report asked for by focal.a: the requester, coordinators and administrators.
REQUESTER = {
    **everyone(404),
    "anonymous": LOGIN,
    "association": 403,
    "focal.a": 200,
    "coordinator": 200,
    "administrator": 200,
}
COORDINATORS = {**everyone(403), "anonymous": LOGIN, "coordinator": 200, "administrator": 200}
COORDINATORS_POST_ONLY = {**COORDINATORS, "coordinator": 405, "administrator": 405}


@dataclass(frozen=True)
class Case:
    expect: dict[str, int | str]
    kwargs: Callable[[Any], dict[str, Any]] = field(default=lambda context: {})
    query: str = ""


def case(expect: dict[str, int | str], **kwargs: Any) -> list[Case]:
    return [Case(expect=expect, **kwargs)]


def _only(status: int | str, *personas: str, others: int | str = 403) -> dict[str, int | str]:
    """``status`` for ``personas``, ``others`` for the rest, the sign-in page for anonymous."""
    return {**everyone(others), "anonymous": LOGIN, **dict.fromkeys(personas, status)}


MANAGERS = ("coordinator", "administrator")
APPLICATION_USERS = ("coordinator", "administrator", "association", "reviewer")


def _call(context: Any) -> dict[str, Any]:
    return {"uuid": context.calls.call.uuid}


def _application_a(context: Any) -> dict[str, Any]:
    return {"uuid": context.calls.application_a.uuid}


def _application_b(context: Any) -> dict[str, Any]:
    return {"uuid": context.calls.application_b.uuid}


def _report_b(context: Any) -> dict[str, Any]:
    return {"uuid": context.calls.report_b.uuid}


CALLS_POLICY: dict[str, list[Case]] = {
    "calls:call_list": case(SIGNED_IN),
    "calls:call_create": case(_only(200, *MANAGERS)),
    "calls:association_register": case(ANONYMOUS_ONLY),
    "calls:association_register_done": case(PUBLIC),
    "calls:application_list": case(_only(200, *APPLICATION_USERS)),
    "calls:notification_list": case(_only(200, "association")),
    "calls:call_detail": [
        Case(expect=SIGNED_IN, kwargs=_call),
        Case(
            expect={**_only(200, *MANAGERS, others=404)},
            kwargs=lambda context: {"uuid": context.calls.draft_call.uuid},
        ),
    ],
    "calls:call_edit": case(_only(200, *MANAGERS), kwargs=_call),
    "calls:call_publish": case(_only(405, *MANAGERS), kwargs=_call),
    "calls:call_ranking": case(_only(200, *MANAGERS), kwargs=_call),
    "calls:application_start": case(_only(REDIRECT, "association"), kwargs=_call),
    "calls:application_detail": [
        # association A's draft: only association A
        Case(
            expect={**_only(404, *APPLICATION_USERS), "association": 200},
            kwargs=_application_a,
        ),
        # association B's funded application: the DIDH and reviewers, not association A
        Case(
            expect={**_only(200, *APPLICATION_USERS), "association": 404},
            kwargs=_application_b,
        ),
    ],
    "calls:application_edit": [
        Case(expect=_only(200, "association"), kwargs=_application_a),
        Case(expect=_only(404, "association"), kwargs=_application_b),
    ],
    "calls:application_attach": case(_only(405, "association"), kwargs=_application_a),
    "calls:application_detach": case(
        _only(405, "association"),
        kwargs=lambda context: {
            "uuid": context.calls.application_a.uuid,
            "attachment": context.calls.application_a.attachments.get().pk,
        },
    ),
    "calls:application_submit": case(_only(405, "association"), kwargs=_application_a),
    "calls:application_screen": case(_only(405, *MANAGERS), kwargs=_application_b),
    "calls:application_decide": case(_only(405, *MANAGERS), kwargs=_application_b),
    "calls:application_declare": case(_only(405, "reviewer"), kwargs=_application_b),
    "calls:application_review": case(_only(REDIRECT, "reviewer"), kwargs=_application_b),
    "calls:report_create": [
        Case(expect=_only(REDIRECT, "association"), kwargs=_application_a),
        Case(expect=_only(404, "association"), kwargs=_application_b),
    ],
    "calls:report_detail": case(
        {**_only(200, *MANAGERS), "association": 404, "reviewer": 404}, kwargs=_report_b
    ),
    "calls:report_edit": case(_only(404, "association"), kwargs=_report_b),
    "calls:report_attach": case(_only(405, "association"), kwargs=_report_b),
    "calls:report_submit": case(_only(405, "association"), kwargs=_report_b),
    "calls:report_validate": case(_only(405, *MANAGERS), kwargs=_report_b),
    "calls:report_return": case(_only(405, *MANAGERS), kwargs=_report_b),
}

POLICY: dict[str, list[Case]] = {
    # Operations and languages
    "healthz": case(PUBLIC),
    "set_language": case(everyone(REDIRECT)),
    # Portal
    "portal:home": case(PUBLIC),
    "sitemap": case(PUBLIC),
    "sitemap_section": [
        Case(expect=PUBLIC, kwargs=lambda context, name=name: {"section": name})
        for name in ("pages", "explore", "recommendations", "news", "calls", "plans")
    ],
    "portal:recommendation_list": case(PUBLIC, query="q=torture&body=CAT"),
    "portal:recommendation_detail": case(
        PUBLIC, kwargs=lambda context: _recommendation_uuid(context)
    ),
    "portal:explore": case(PUBLIC, kwargs=lambda context: {"dimension": "body"}),
    "portal:explore_value": case(PUBLIC, kwargs=lambda context: _portal_explore_value(context)),
    "portal:plan_list": case(PUBLIC),
    "portal:plan_detail": case(everyone(404), kwargs=lambda context: {"slug": "no-such-plan"}),
    "portal:call_list": case(PUBLIC),
    "portal:call_detail": [
        Case(expect=PUBLIC, kwargs=_call),
        Case(expect=everyone(404), kwargs=lambda context: {"uuid": context.calls.draft_call.uuid}),
    ],
    "portal:news_list": case(PUBLIC),
    "portal:news_detail": case(everyone(404), kwargs=lambda context: {"slug": "no-such-news"}),
    "portal:page_detail": case(everyone(404), kwargs=lambda context: {"slug": "no-such-page"}),
    "portal:publication_list": case(PUBLIC),
    "portal:publication_download": case(
        everyone(404), kwargs=lambda context: {"uuid": "00000000-0000-0000-0000-000000000000"}
    ),
    "portal:image": case(
        everyone(404), kwargs=lambda context: {"uuid": "00000000-0000-0000-0000-000000000000"}
    ),
    "portal:api_docs": case(PUBLIC),
    "portal:exchange_schema": case(PUBLIC),
    "portal:contact": case(PUBLIC),
    "portal:contact_done": case(PUBLIC),
    # The public API (published data, anonymous read)
    "api:public-recommendation-list": case(PUBLIC, query="q=torture&page_size=5"),
    "api:public-recommendation-detail": case(
        PUBLIC, kwargs=lambda context: _recommendation_uuid(context)
    ),
    "api:public-document-list": case(PUBLIC),
    "api:public-document-detail": case(PUBLIC, kwargs=lambda context: _document_uuid(context)),
    "api:public-news-list": case(PUBLIC),
    "api:public-news-detail": case(
        PUBLIC, kwargs=lambda context: {"slug": _portal_published_article(context, "news")}
    ),
    "api:public-page-list": case(PUBLIC),
    "api:public-page-detail": [
        Case(
            expect=PUBLIC,
            kwargs=lambda context: {"slug": _portal_published_article(context, "page")},
        ),
        Case(expect=everyone(404), kwargs=lambda context: {"slug": _portal_draft_slug(context)}),
    ],
    "api:public-publication-list": case(PUBLIC),
    "api:public-publication-detail": case(
        everyone(404), kwargs=lambda context: _portal_publication(context)
    ),
    "api:public-call-list": case(PUBLIC),
    "api:public-call-detail": [
        Case(expect=PUBLIC, kwargs=_call),
        Case(expect=everyone(404), kwargs=lambda context: {"uuid": context.calls.draft_call.uuid}),
    ],
    "api:public-action-plan-list": case(PUBLIC),
    "api:public-action-plan-detail": case(
        everyone(404), kwargs=lambda context: {"slug": "no-such-plan"}
    ),
    "api:public-action-plan-project-list": case(PUBLIC),
    "api:public-action-plan-project-detail": case(
        everyone(404), kwargs=lambda context: {"uuid": "00000000-0000-0000-0000-000000000000"}
    ),
    # The editors' API (coordinators and administrators)
    "api:portal-article-list": case(
        {**everyone(403), "anonymous": 401, "coordinator": 200, "administrator": 200}
    ),
    "api:portal-article-detail": case(
        {**everyone(403), "anonymous": 401, "coordinator": 200, "administrator": 200},
        kwargs=lambda context: _portal_article(context),
    ),
    "api:portal-article-publish": case(
        {**everyone(403), "anonymous": 401, "coordinator": 405, "administrator": 405},
        kwargs=lambda context: _portal_article(context),
    ),
    "api:portal-article-unpublish": case(
        {**everyone(403), "anonymous": 401, "coordinator": 405, "administrator": 405},
        kwargs=lambda context: _portal_article(context),
    ),
    # Bulk files of published data (built on demand when missing)
    "api:bulk_manifest": case(PUBLIC),
    "api:bulk_file": [
        Case(expect=PUBLIC, kwargs=lambda context: {"name": "recommendations.csv"}),
        Case(expect=everyone(404), kwargs=lambda context: {"name": "settings.py"}),
    ],
    # API tokens: every signed-in user manages their own
    "api_tokens:token_list": case(SIGNED_IN),
    "api_tokens:token_revoke": case(
        {**SIGNED_IN_POST_ONLY},
        kwargs=lambda context: {"uuid": "00000000-0000-0000-0000-000000000000"},
    ),
    # Portal editors (coordinators and administrators)
    "portal_editor:content_list": case(COORDINATORS),
    "portal_editor:article_create": case(COORDINATORS, kwargs=lambda context: {"kind": "news"}),
    "portal_editor:article_edit": case(
        COORDINATORS, kwargs=lambda context: _portal_article(context)
    ),
    "portal_editor:article_preview": case(
        COORDINATORS, kwargs=lambda context: _portal_article(context)
    ),
    "portal_editor:article_publish": case(
        COORDINATORS_POST_ONLY, kwargs=lambda context: _portal_article(context)
    ),
    "portal_editor:article_unpublish": case(
        COORDINATORS_POST_ONLY, kwargs=lambda context: _portal_article(context)
    ),
    "portal_editor:publication_create": case(COORDINATORS),
    "portal_editor:publication_edit": case(
        COORDINATORS, kwargs=lambda context: _portal_publication(context)
    ),
    "portal_editor:publication_publish": case(
        COORDINATORS_POST_ONLY, kwargs=lambda context: _portal_publication(context)
    ),
    "portal_editor:publication_unpublish": case(
        COORDINATORS_POST_ONLY, kwargs=lambda context: _portal_publication(context)
    ),
    "portal_editor:contact_message_list": case(COORDINATORS),
    # Accounts
    "accounts:login": case(ANONYMOUS_ONLY),
    "accounts:logout": case(POST_ONLY),
    "accounts:mfa_setup": case(SIGNED_IN),
    "accounts:mfa_verify": case(SIGNED_IN),
    "accounts:password_change": case(SIGNED_IN),
    "accounts:password_change_done": case(SIGNED_IN),
    "accounts:password_reset": case(PUBLIC),
    "accounts:password_reset_done": case(PUBLIC),
    "accounts:password_reset_confirm": case(
        PUBLIC, kwargs=lambda context: {"uidb64": "MQ", "token": "set-password"}
    ),
    "accounts:password_reset_complete": case(PUBLIC),
    "accounts:home": case(SIGNED_IN),
    "accounts:email_verify": case(everyone(400), kwargs=lambda context: {"token": "not-a-token"}),
    "accounts:user_list": case(ADMINISTRATORS),
    "accounts:user_create": case(ADMINISTRATORS),
    "accounts:user_edit": case(
        ADMINISTRATORS, kwargs=lambda context: {"pk": context.users["focal.b"].pk}
    ),
    "accounts:user_set_active": case(
        {**ADMINISTRATORS, "administrator": 405},
        kwargs=lambda context: {"pk": context.users["focal.b"].pk},
    ),
    # Audit history: visible to whoever may see the object
    "audit:history": [
        Case(
            expect={**STAFF, "association": 404},
            kwargs=lambda context: {
                "model": "institutions.institution",
                "pk": context.institution_a.pk,
            },
        ),
        Case(
            expect={**everyone(404), "anonymous": LOGIN, "administrator": 200},
            kwargs=lambda context: {"model": "accounts.user", "pk": context.users["focal.a"].pk},
        ),
        Case(
            expect={**everyone(404), "anonymous": LOGIN},
            kwargs=lambda context: {"model": "unknown.model", "pk": "1"},
        ),
    ],
    # Documents: readable by whoever may see the object they are attached to
    "documents:document_download": [
        Case(
            expect={**everyone(404), "anonymous": LOGIN, "association": 200},
            kwargs=lambda context: {"uuid": context.calls.document_a.uuid},
        ),
        Case(
            expect={
                **everyone(404),
                "anonymous": LOGIN,
                "coordinator": 200,
                "administrator": 200,
                "reviewer": 200,
            },
            kwargs=lambda context: {"uuid": context.calls.document_b.uuid},
        ),
        Case(
            expect={**everyone(404), "anonymous": LOGIN, "coordinator": 200, "administrator": 200},
            kwargs=lambda context: {"uuid": context.calls.report_document_b.uuid},
        ),
    ],
    # Calls for projects
    **CALLS_POLICY,
    # Reference data (staff)
    "taxonomy:reference_index": case(STAFF),
    "taxonomy:theme_list": case(STAFF),
    "taxonomy:person_group_list": case(STAFF),
    "taxonomy:sdg_list": case(STAFF),
    "taxonomy:country_list": case(STAFF),
    "mechanisms:mechanism_list": case(STAFF),
    "mechanisms:treaty_list": case(STAFF),
    "institutions:institution_list": case(STAFF),
    "institutions:institution_detail": case(
        STAFF, kwargs=lambda context: {"slug": context.institution_a.slug}
    ),
    # Action plans (staff read; unit heads report; coordinators steer)
    "actionplan:plan_list": case(STAFF),
    "actionplan:plan_detail": case(STAFF, kwargs=lambda c: {"slug": policy_project(c).plan.slug}),
    "actionplan:plan_timeline": case(STAFF, kwargs=lambda c: {"slug": policy_project(c).plan.slug}),
    "actionplan:plan_late_milestones": case(
        STAFF, kwargs=lambda c: {"slug": policy_project(c).plan.slug}
    ),
    "actionplan:project_detail": case(STAFF, kwargs=lambda c: {"uuid": policy_project(c).uuid}),
    "actionplan:project_plan_edit": case(
        {**everyone(403), "anonymous": LOGIN, "coordinator": 200},
        kwargs=lambda c: {"uuid": policy_project(c).uuid},
    ),
    "actionplan:project_item_add": [
        Case(
            expect={**everyone(403), "anonymous": LOGIN, "coordinator": 200},
            kwargs=lambda c: {"uuid": policy_project(c).uuid, "kind": "milestone"},
        ),
        Case(
            expect={**UNIT_A_MEMBERS, "coordinator": 200},
            kwargs=lambda c: {"uuid": policy_project(c).uuid, "kind": "risk"},
        ),
    ],
    "actionplan:project_recommendations_edit": case(
        {**everyone(403), "anonymous": LOGIN, "coordinator": 200},
        kwargs=lambda c: {"uuid": policy_project(c).uuid},
    ),
    "actionplan:update_create": case(
        {**UNIT_A_MEMBERS, "coordinator": 200},
        kwargs=lambda c: {"uuid": policy_project(c).uuid},
    ),
    "actionplan:update_list": case(STAFF),
    "actionplan:update_detail": [
        Case(expect=UNIT_A_DRAFT, kwargs=lambda c: {"uuid": policy_draft(c).uuid}),
        Case(expect=STAFF, kwargs=lambda c: {"uuid": policy_validated(c).uuid}),
    ],
    "actionplan:update_edit": [
        Case(
            expect={**UNIT_A_DRAFT, "administrator": 403},
            kwargs=lambda c: {"uuid": policy_draft(c).uuid},
        ),
        Case(
            expect={**everyone(403), "anonymous": LOGIN},
            kwargs=lambda c: {"uuid": policy_validated(c).uuid},
        ),
    ],
    "actionplan:update_transition": case(
        {**SIGNED_IN_POST_ONLY, "association": 403},
        kwargs=lambda c: {"uuid": policy_draft(c).uuid, "step": "submit"},
    ),
    "actionplan:milestone_complete": case(
        {**SIGNED_IN_POST_ONLY, "association": 403},
        kwargs=lambda c: {"pk": policy_milestone(c).pk},
    ),
    # Reports (generated files: requester and coordinators)
    "reporting:report_list": case(STAFF),
    "reporting:report_create": [
        Case(expect={**everyone(404), "anonymous": LOGIN, "association": 403}),
        Case(expect=STAFF, query="kind=action-plan"),
    ],
    "reporting:report_detail": case(REQUESTER, kwargs=lambda c: {"uuid": policy_report(c).uuid}),
    "reporting:report_download": case(REQUESTER, kwargs=lambda c: {"uuid": policy_report(c).uuid}),
    # API of action plans (staff)
    "api:action-plan-list": case(API_STAFF),
    "api:action-plan-detail": case(
        API_STAFF, kwargs=lambda c: {"slug": policy_project(c).plan.slug}
    ),
    "api:action-plan-axis-list": case(API_STAFF),
    "api:action-plan-axis-detail": case(
        API_STAFF, kwargs=lambda c: {"pk": policy_project(c).axis_id}
    ),
    "api:action-plan-project-list": case(API_STAFF),
    "api:action-plan-project-detail": case(
        API_STAFF, kwargs=lambda c: {"uuid": policy_project(c).uuid}
    ),
    # Imports of recommendations (coordinators and administrators)
    "recommendations:import_list": case(COORDINATORS),
    "recommendations:import_create": case(COORDINATORS),
    "recommendations:import_template": [
        Case(expect=COORDINATORS, kwargs=lambda context, kind=kind: {"kind": kind})
        for kind in ("csv", "xlsx", "json")
    ]
    + [
        Case(
            expect={**COORDINATORS, "coordinator": 404, "administrator": 404},
            kwargs=lambda context: {"kind": "exe"},
        )
    ],
    "recommendations:import_detail": [
        Case(expect=COORDINATORS, kwargs=lambda context: {"uuid": context.import_batch.uuid}),
        Case(
            expect={**COORDINATORS, "coordinator": 404, "administrator": 404},
            kwargs=lambda context: {"uuid": "00000000-0000-0000-0000-000000000000"},
        ),
    ],
    "recommendations:import_progress": case(
        COORDINATORS, kwargs=lambda context: {"uuid": context.import_batch.uuid}
    ),
    "recommendations:import_retry": case(
        {**COORDINATORS, "coordinator": 405, "administrator": 405},
        kwargs=lambda context: {"uuid": context.import_batch.uuid},
    ),
    # API (reference data is public)
    "api:api-root": case(PUBLIC),
    "api:schema": case(PUBLIC),
    "api:institution-list": case(PUBLIC),
    "api:institution-detail": case(
        PUBLIC, kwargs=lambda context: {"slug": context.institution_a.slug}
    ),
    "api:mechanism-list": case(PUBLIC),
    "api:mechanism-detail": case(PUBLIC, kwargs=lambda context: {"code": "CCPR"}),
    "api:treaty-list": case(PUBLIC),
    "api:treaty-detail": case(PUBLIC, kwargs=lambda context: {"code": "ICCPR"}),
    "api:theme-list": case(PUBLIC),
    "api:theme-detail": case(PUBLIC, kwargs=lambda context: {"slug": "right-to-health"}),
    "api:person-group-list": case(PUBLIC),
    "api:person-group-detail": case(PUBLIC, kwargs=lambda context: {"slug": "women-girls"}),
    "api:sdg-goal-list": case(PUBLIC),
    "api:sdg-goal-detail": case(PUBLIC, kwargs=lambda context: {"number": 16}),
    "api:sdg-target-list": case(PUBLIC),
    "api:sdg-target-detail": case(PUBLIC, kwargs=lambda context: {"code": "16.3"}),
    "api:country-list": case(PUBLIC),
    "api:country-detail": case(PUBLIC, kwargs=lambda context: {"code": "MAR"}),
    # API: calls for projects (signed in; applications scoped like the screens). The sweep's
    # anonymous gets 401 (token authentication is the first scheme).
    "api:call-list": case({**everyone(200), "anonymous": 401}),
    "api:call-detail": [
        Case(expect={**everyone(200), "anonymous": 401}, kwargs=_call),
        Case(
            expect={**everyone(404), "anonymous": 401, "coordinator": 200, "administrator": 200},
            kwargs=lambda context: {"uuid": context.calls.draft_call.uuid},
        ),
    ],
    "api:application-list": case({**everyone(200), "anonymous": 401}),
    "api:application-detail": [
        Case(
            expect={**everyone(404), "anonymous": 401, "association": 200},
            kwargs=_application_a,
        ),
        Case(
            expect={
                **everyone(404),
                "anonymous": 401,
                "coordinator": 200,
                "administrator": 200,
                "reviewer": 200,
            },
            kwargs=_application_b,
        ),
    ],
}


def _portal_explore_value(context: Any) -> dict[str, Any]:
    from tatabbu.recommendations.tests.factories import RecommendationFactory

    return {"dimension": "body", "key": RecommendationFactory().mechanism.code}


def _portal_article(context: Any) -> dict[str, Any]:
    from tatabbu.portal.tests.factories import ArticleFactory

    return {"uuid": ArticleFactory().uuid}


def _portal_published_article(context: Any, kind: str) -> str:
    from tatabbu.portal.tests.factories import PublishedArticleFactory

    return PublishedArticleFactory(kind=kind).slug


def _portal_draft_slug(context: Any) -> str:
    from tatabbu.portal.tests.factories import ArticleFactory

    return ArticleFactory(kind="page").slug


def _portal_publication(context: Any) -> dict[str, Any]:
    from tatabbu.portal.tests.factories import PublicationFactory

    return {"uuid": PublicationFactory().uuid}


def _recommendation_uuid(context: Any) -> dict[str, Any]:
    from tatabbu.recommendations.tests.factories import RecommendationFactory

    return {"uuid": RecommendationFactory().uuid}


def _cluster_uuid(context: Any) -> dict[str, Any]:
    from tatabbu.recommendations.tests.factories import ClusterFactory

    return {"uuid": ClusterFactory().uuid}


def _document_uuid(context: Any) -> dict[str, Any]:
    from tatabbu.recommendations.tests.factories import SourceDocumentFactory

    return {"uuid": SourceDocumentFactory().uuid}


POLICY.update(
    {
        # Recommendations (back office; associations are refused too:
        # tatabbu/recommendations/tests/test_permissions.py)
        "recommendations:recommendation_list": case(STAFF, query="q=torture&body=CAT"),
        "recommendations:recommendation_export": [
            Case(expect=STAFF, kwargs=lambda context, name=name: {"format": name}, query="q=x")
            for name in ("csv", "xlsx", "json")
        ],
        "recommendations:recommendation_detail": [
            # not assigned: focal points and validators do not see it exist
            Case(
                expect={**STAFF, "focal.a": 404, "focal.b": 404, "validator.a": 404},
                kwargs=_recommendation_uuid,
            ),
            # assigned to ministry A: its people see it, ministry B's do not
            Case(
                expect={**STAFF, "focal.b": 404},
                kwargs=lambda context: {"uuid": followup_scenario(context).rec_a.uuid},
            ),
        ],
        "recommendations:recommendation_cluster": case(
            COORDINATORS_POST_ONLY, kwargs=_recommendation_uuid
        ),
        "recommendations:cluster_list": case(STAFF),
        "recommendations:cluster_detail": case(STAFF, kwargs=_cluster_uuid),
        "recommendations:cluster_create": case(COORDINATORS),
        "recommendations:cluster_edit": case(COORDINATORS, kwargs=_cluster_uuid),
        "recommendations:cluster_delete": case(COORDINATORS_POST_ONLY, kwargs=_cluster_uuid),
        "recommendations:cluster_bulk": case(COORDINATORS, query="q=torture"),
        # Intelligence: suggestions on a recommendation, trained models (coordinators)
        "intelligence:model_list": case(COORDINATORS),
        "intelligence:suggestion_queue": case(COORDINATORS),
        "intelligence:suggestion_queue_decide": case(COORDINATORS_POST_ONLY),
        "intelligence:suggestion_panel": case(COORDINATORS, kwargs=_recommendation_uuid),
        "intelligence:suggestion_decide": case(COORDINATORS_POST_ONLY, kwargs=_recommendation_uuid),
        # API: recommendations, documents and clusters (signed-in staff)
        "api:recommendation-list": case(API_STAFF, query="q=torture&page_size=5"),
        "api:recommendation-detail": [
            Case(
                expect={**API_STAFF, "focal.a": 404, "focal.b": 404, "validator.a": 404},
                kwargs=_recommendation_uuid,
            ),
            Case(
                expect={**API_STAFF, "focal.b": 404},
                kwargs=lambda context: {"uuid": followup_scenario(context).rec_a.uuid},
            ),
        ],
        "api:document-list": case(API_STAFF),
        "api:document-detail": case(API_STAFF, kwargs=_document_uuid),
        "api:cluster-list": case(API_STAFF),
        "api:cluster-detail": case(API_STAFF, kwargs=_cluster_uuid),
    }
)

POLICY.update(policy_cases(case, Case))
from tatabbu.engagement.tests.policy import (  # noqa: E402
    policy_answer,
    policy_communication,
    policy_contribution,
    policy_cycle,
    policy_event,
    policy_feed_token,
    policy_questionnaire,
    policy_section,
    policy_sp_communication,
    policy_visit,
)

# Confidential communications: coordinators and the assigned institution (ministry A); the
# others do not see it exist.
COMMUNICATION_A = {
    **everyone(404),
    "anonymous": LOGIN,
    "focal.a": 200,
    "validator.a": 200,
    "coordinator": 200,
    "administrator": 200,
}
DOCKET_USERS = _only(200, "focal.a", "focal.b", "validator.a", *MANAGERS)
API_DOCKET = {**DOCKET_USERS, "anonymous": 401}
API_DOCKET_A = {**API_DOCKET, "focal.b": 404}
API_DOCKET_POST_ONLY = {
    name: 405 if status == 200 else status for name, status in API_DOCKET.items()
}
POLICY.update(
    {
        # Engagement with the UN mechanisms: calendar (staff), docket (scoped)
        "engagement:calendar_month": case(STAFF, query="month=2026-02&body=CCPR"),
        "engagement:calendar_list": case(STAFF, query="start=2026-01-01&kind=report_due"),
        "engagement:calendar_feed_reset": case(POST_ONLY),
        "engagement:calendar_feed": [
            Case(expect=PUBLIC, kwargs=lambda c: {"token": policy_feed_token(c)}),
            Case(expect=everyone(404), kwargs=lambda c: {"token": "not-a-token"}),
        ],
        "engagement:cycle_list": case(STAFF),
        "engagement:cycle_detail": case(STAFF, kwargs=lambda c: {"uuid": policy_cycle(c).uuid}),
        "engagement:cycle_edit": case(
            COORDINATORS, kwargs=lambda c: {"uuid": policy_cycle(c).uuid}
        ),
        "engagement:communication_list": case(DOCKET_USERS),
        "engagement:communication_create": case(COORDINATORS),
        "engagement:communication_detail": case(
            COMMUNICATION_A, kwargs=lambda c: {"uuid": policy_communication(c).uuid}
        ),
        "engagement:communication_edit": case(
            COORDINATORS, kwargs=lambda c: {"uuid": policy_communication(c).uuid}
        ),
        "engagement:communication_follow_up": case(
            POST_ONLY, kwargs=lambda c: {"uuid": policy_communication(c).uuid}
        ),
        # Special procedures: letters and questionnaires scoped like communications
        "engagement:sp_communication_list": case(DOCKET_USERS),
        "engagement:sp_communication_create": case(COORDINATORS),
        "engagement:sp_communication_detail": case(
            COMMUNICATION_A, kwargs=lambda c: {"uuid": policy_sp_communication(c).uuid}
        ),
        "engagement:sp_communication_edit": case(
            COORDINATORS, kwargs=lambda c: {"uuid": policy_sp_communication(c).uuid}
        ),
        "engagement:sp_communication_reply": case(
            POST_ONLY, kwargs=lambda c: {"uuid": policy_sp_communication(c).uuid}
        ),
        "engagement:visit_list": case(STAFF),
        "engagement:visit_create": case(COORDINATORS),
        "engagement:visit_detail": case(STAFF, kwargs=lambda c: {"uuid": policy_visit(c).uuid}),
        "engagement:visit_edit": case(
            COORDINATORS, kwargs=lambda c: {"uuid": policy_visit(c).uuid}
        ),
        "engagement:visit_import": case(POST_ONLY, kwargs=lambda c: {"uuid": policy_visit(c).uuid}),
        "engagement:questionnaire_list": case(DOCKET_USERS),
        "engagement:questionnaire_create": case(COORDINATORS),
        "engagement:questionnaire_detail": case(
            COMMUNICATION_A, kwargs=lambda c: {"uuid": policy_questionnaire(c).uuid}
        ),
        "engagement:questionnaire_consolidate": case(
            COORDINATORS, kwargs=lambda c: {"uuid": policy_questionnaire(c).uuid}
        ),
        # Ministry A's draft answer: its people and the coordinator write it; others 404.
        "engagement:questionnaire_answer_edit": case(
            {**COMMUNICATION_A, "administrator": 404}, kwargs=lambda c: {"pk": policy_answer(c).pk}
        ),
        "engagement:questionnaire_answer_transition": case(
            POST_ONLY, kwargs=lambda c: {"pk": policy_answer(c).pk, "step": "submit"}
        ),
        # Report factory: coordinators; an institution sees what it was asked for
        "engagement:report_list": case(DOCKET_USERS),
        "engagement:report_create": case(COORDINATORS),
        "engagement:report_detail": case(
            COMMUNICATION_A, kwargs=lambda c: {"uuid": policy_section(c).report.uuid}
        ),
        "engagement:section_create": case(
            POST_ONLY, kwargs=lambda c: {"uuid": policy_section(c).report.uuid}
        ),
        "engagement:report_step": case(
            POST_ONLY, kwargs=lambda c: {"uuid": policy_section(c).report.uuid, "step": "submit"}
        ),
        "engagement:section_detail": case(
            COMMUNICATION_A, kwargs=lambda c: {"pk": policy_section(c).pk}
        ),
        "engagement:section_edit": case(
            COORDINATORS, kwargs=lambda c: {"pk": policy_section(c).pk}
        ),
        "engagement:section_pull": case(POST_ONLY, kwargs=lambda c: {"pk": policy_section(c).pk}),
        "engagement:section_done": case(POST_ONLY, kwargs=lambda c: {"pk": policy_section(c).pk}),
        "engagement:section_diff": case(
            COORDINATORS, kwargs=lambda c: {"pk": policy_section(c).pk}, query="from=1&to=2"
        ),
        "engagement:contribution_request": case(
            POST_ONLY, kwargs=lambda c: {"pk": policy_section(c).pk}
        ),
        "engagement:contribution_detail": case(
            COMMUNICATION_A, kwargs=lambda c: {"pk": policy_contribution(c).pk}
        ),
        # A draft: ministry A's people and the coordinator write it (administrators read it).
        "engagement:contribution_edit": case(
            {**COMMUNICATION_A, "administrator": 404},
            kwargs=lambda c: {"pk": policy_contribution(c).pk},
        ),
        "engagement:contribution_attach": case(
            POST_ONLY, kwargs=lambda c: {"pk": policy_contribution(c).pk}
        ),
        "engagement:contribution_step": case(
            POST_ONLY, kwargs=lambda c: {"pk": policy_contribution(c).pk, "step": "submit"}
        ),
        "engagement:event_list": case(STAFF, query="kind=hrc_session"),
        # API of engagement (read-only, scoped like the screens)
        "api:engagement-cycle-list": case(API_STAFF, query="body=CCPR"),
        "api:engagement-cycle-detail": case(API_STAFF, kwargs=lambda c: {"key": "ccpr-7"}),
        "api:engagement-calendar-list": case(API_STAFF, query="start=2026-01-01&kind=report_due"),
        "api:engagement-communication-list": case(API_DOCKET),
        "api:engagement-communication-detail": case(
            API_DOCKET_A, kwargs=lambda c: {"uuid": policy_communication(c).uuid}
        ),
        "api:engagement-sp-communication-list": case(API_DOCKET),
        "api:engagement-sp-communication-detail": case(
            API_DOCKET_A, kwargs=lambda c: {"uuid": policy_sp_communication(c).uuid}
        ),
        "api:engagement-visit-list": case(API_STAFF),
        "api:engagement-visit-detail": case(
            API_STAFF, kwargs=lambda c: {"uuid": policy_visit(c).uuid}
        ),
        "api:engagement-questionnaire-list": case(API_DOCKET),
        "api:engagement-questionnaire-detail": case(
            API_DOCKET_A, kwargs=lambda c: {"uuid": policy_questionnaire(c).uuid}
        ),
        "api:engagement-questionnaire-answer-list": case(API_DOCKET),
        "api:engagement-questionnaire-answer-detail": case(
            API_DOCKET_A, kwargs=lambda c: {"pk": policy_answer(c).pk}
        ),
        "api:engagement-questionnaire-answer-text": case(
            API_DOCKET_POST_ONLY, kwargs=lambda c: {"pk": policy_answer(c).pk}
        ),
        "api:engagement-questionnaire-answer-transition": case(
            API_DOCKET_POST_ONLY, kwargs=lambda c: {"pk": policy_answer(c).pk}
        ),
        "api:engagement-event-list": case(API_STAFF),
        "api:engagement-event-detail": case(
            API_STAFF, kwargs=lambda c: {"uuid": policy_event(c).uuid}
        ),
        "api:engagement-report-list": case(API_DOCKET),
        "api:engagement-report-detail": case(
            API_DOCKET_A, kwargs=lambda c: {"uuid": policy_section(c).report.uuid}
        ),
        "api:engagement-contribution-list": case(API_DOCKET),
        "api:engagement-contribution-detail": case(
            API_DOCKET_A, kwargs=lambda c: {"pk": policy_contribution(c).pk}
        ),
        "api:engagement-contribution-text": case(
            API_DOCKET_POST_ONLY, kwargs=lambda c: {"pk": policy_contribution(c).pk}
        ),
        "api:engagement-contribution-transition": case(
            API_DOCKET_POST_ONLY, kwargs=lambda c: {"pk": policy_contribution(c).pk}
        ),
        "engagement:event_create": case(COORDINATORS),
        "engagement:event_detail": case(STAFF, kwargs=lambda c: {"uuid": policy_event(c).uuid}),
        "engagement:event_edit": case(
            COORDINATORS, kwargs=lambda c: {"uuid": policy_event(c).uuid}
        ),
        "engagement:participant_add": case(
            POST_ONLY, kwargs=lambda c: {"uuid": policy_event(c).uuid}
        ),
        "engagement:participant_remove": case(
            POST_ONLY, kwargs=lambda c: {"pk": policy_event(c).participants.get().pk}
        ),
    }
)

# Django's admin is a support tool for administrators (superusers); every one of its pages
# sends everyone else to its own sign-in page. Checked on the pages that take no arguments.
ADMIN_NAMESPACE = "admin"
ADMIN_EXPECT = {**everyone(REDIRECT), "administrator": 200}
