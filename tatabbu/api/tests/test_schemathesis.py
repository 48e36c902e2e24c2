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
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

MAX_EXAMPLES = 12


def _application() -> Any:
    from config.wsgi import application

    return application


# The schema is generated without the database; the examples run inside each test's.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", _application())


@pytest.fixture
def seeded(db: Any, personas: dict[str, Any], settings: Any, tmp_path: Any, monkeypatch) -> Any:
    from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

    from tatabbu.portal.tests.factories import PublishedArticleFactory
    from tatabbu.recommendations.tests.factories import RecommendationFactory

    settings.MEDIA_ROOT = tmp_path / "media"
    # Rate limits would turn the many generated requests into 429s (tested in test_tokens).
    monkeypatch.setattr(AnonRateThrottle, "allow_request", lambda self, request, view: True)
    monkeypatch.setattr(UserRateThrottle, "allow_request", lambda self, request, view: True)
    RecommendationFactory(text_fr="Abolir la peine de mort")
    PublishedArticleFactory(slug="annonce")
    # The WSGI handler closes the database connection at the end of each request; inside a
    # test that would close the test's transaction (Django's test client does the same).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


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
    # A coordinator sees every back-office endpoint: the widest authenticated surface. The
    # write operations refuse some schema-valid bodies by business rule (a title in at least
    # one language, a free address, a draft to publish): 400 with the error shape, by design,
    # so "schema-valid data must be accepted" is not checked here; every other check is.
    case.call_and_validate(
        headers={"Authorization": f"Bearer {coordinator_token}"},
        excluded_checks=[positive_data_acceptance],
    )


@pytest.fixture
def coordinator_token(coordinator: Any) -> str:
    from tatabbu.api.services import api_token_create

    return api_token_create(actor=coordinator, name="schemathesis")[1]
