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

LOGIN = "login"
REDIRECT = "redirect"
PERSONAS = ("anonymous", "focal.a", "focal.b", "validator.a", "coordinator", "administrator")


def everyone(status: int | str) -> dict[str, int | str]:
    return dict.fromkeys(PERSONAS, status)


PUBLIC = everyone(200)
POST_ONLY = everyone(405)
SIGNED_IN = {**everyone(200), "anonymous": LOGIN}
STAFF = SIGNED_IN
ADMINISTRATORS = {**everyone(403), "anonymous": LOGIN, "administrator": 200}
ANONYMOUS_ONLY = {**everyone(REDIRECT), "anonymous": 200}
COORDINATORS = {**everyone(403), "anonymous": LOGIN, "coordinator": 200, "administrator": 200}
COORDINATORS_POST_ONLY = {**COORDINATORS, "coordinator": 405, "administrator": 405}
API_STAFF = {**everyone(200), "anonymous": 401}


@dataclass(frozen=True)
class Case:
    expect: dict[str, int | str]
    kwargs: Callable[[Any], dict[str, Any]] = field(default=lambda context: {})
    query: str = ""


def case(expect: dict[str, int | str], **kwargs: Any) -> list[Case]:
    return [Case(expect=expect, **kwargs)]


POLICY: dict[str, list[Case]] = {
    # Operations and languages
    "healthz": case(PUBLIC),
    "set_language": case(everyone(REDIRECT)),
    # Portal
    "portal:home": case(PUBLIC),
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
            expect=STAFF,
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
}


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
        "recommendations:recommendation_detail": case(STAFF, kwargs=_recommendation_uuid),
        "recommendations:recommendation_cluster": case(
            COORDINATORS_POST_ONLY, kwargs=_recommendation_uuid
        ),
        "recommendations:cluster_list": case(STAFF),
        "recommendations:cluster_detail": case(STAFF, kwargs=_cluster_uuid),
        "recommendations:cluster_create": case(COORDINATORS),
        "recommendations:cluster_edit": case(COORDINATORS, kwargs=_cluster_uuid),
        "recommendations:cluster_delete": case(COORDINATORS_POST_ONLY, kwargs=_cluster_uuid),
        "recommendations:cluster_bulk": case(COORDINATORS, query="q=torture"),
        # API: recommendations, documents and clusters (signed-in staff)
        "api:recommendation-list": case(API_STAFF, query="q=torture&page_size=5"),
        "api:recommendation-detail": case(API_STAFF, kwargs=_recommendation_uuid),
        "api:document-list": case(API_STAFF),
        "api:document-detail": case(API_STAFF, kwargs=_document_uuid),
        "api:cluster-list": case(API_STAFF),
        "api:cluster-detail": case(API_STAFF, kwargs=_cluster_uuid),
    }
)

# Django's admin is a support tool for administrators (superusers); every one of its pages
# sends everyone else to its own sign-in page. Checked on the pages that take no arguments.
ADMIN_NAMESPACE = "admin"
ADMIN_EXPECT = {**everyone(REDIRECT), "administrator": 200}
