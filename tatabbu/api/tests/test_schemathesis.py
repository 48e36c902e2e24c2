"""schemathesis over the OpenAPI schema (/api/v1/schema/), anonymous and authenticated: no
server error and every response conforms to the schema (status codes, content types, bodies).

Every operation of the API is read-only, so the examples run against one seeded database: a
published recommendation, a news item, a public plan and a published call, so that detail
endpoints have something to find.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import ignored_auth

MAX_EXAMPLES = 12


def _application() -> Any:
    from config.wsgi import application

    return application


# The schema is generated without the database; the examples run inside each test's.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", _application())


@pytest.fixture
def seeded(db: Any, personas: dict[str, Any], settings: Any, tmp_path: Any, monkeypatch) -> None:
    from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

    from tatabbu.portal.tests.factories import PublishedArticleFactory
    from tatabbu.recommendations.tests.factories import RecommendationFactory

    settings.MEDIA_ROOT = tmp_path / "media"
    # Rate limits would turn the many generated requests into 429s (tested in test_tokens).
    monkeypatch.setattr(AnonRateThrottle, "allow_request", lambda self, request, view: True)
    monkeypatch.setattr(UserRateThrottle, "allow_request", lambda self, request, view: True)
    RecommendationFactory(text_fr="Abolir la peine de mort")
    PublishedArticleFactory(slug="annonce")


_settings = hypothesis_settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


@schema.parametrize()
@_settings
def test_api_anonymous(case: Any, seeded: None) -> None:
    # Anonymous clients: public operations answer, the others refuse (401), never a 500.
    case.call_and_validate(excluded_checks=[ignored_auth])


@schema.parametrize()
@_settings
def test_api_authenticated(case: Any, seeded: None, coordinator_token: str) -> None:
    # A coordinator sees every back-office endpoint: the widest authenticated surface.
    case.call_and_validate(headers={"Authorization": f"Bearer {coordinator_token}"})


@pytest.fixture
def coordinator_token(coordinator: Any) -> str:
    from tatabbu.api.services import api_token_create

    return api_token_create(actor=coordinator, name="schemathesis")[1]
