"""API tokens: created and revoked by their owner on a page, stored hashed, audited; rate limits
for anonymous and authenticated clients."""

from __future__ import annotations

import hashlib

import pytest
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from tatabbu.api.models import ApiToken
from tatabbu.api.services import api_token_create
from tatabbu.audit.models import Event

pytestmark = pytest.mark.django_db


def test_user_creates_a_token_shown_once_and_stored_hashed(client_for, focal_a) -> None:
    response = client_for(focal_a).post(
        reverse("api_tokens:token_list"), {"name": "Script", "expires_in_days": "30"}
    )
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("tat_") and len(secret) > 40
    token = ApiToken.objects.get(user=focal_a)
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.name, token.prefix, token.digest}
    assert Event.objects.filter(action="api.token_create", target_id=str(token.pk)).exists()
    # Not shown again.
    again = client_for(focal_a).get(reverse("api_tokens:token_list"))
    assert secret not in again.content.decode()


def test_token_authenticates_until_revoked(client_for, coordinator) -> None:
    _token, secret = api_token_create(actor=coordinator, name="CI")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get("/api/v1/recommendations/").status_code == 200
    token = ApiToken.objects.get()
    response = client_for(coordinator).post(
        reverse("api_tokens:token_revoke", kwargs={"uuid": token.uuid})
    )
    assert response.status_code == 302
    assert client.get("/api/v1/recommendations/").status_code == 401
    assert Event.objects.filter(action="api.token_revoke").count() == 1


def test_wrong_or_forged_tokens_are_refused() -> None:
    client = APIClient()
    for header in ("Bearer tat_not-a-token", "Bearer something", "Bearer a b"):
        client.credentials(HTTP_AUTHORIZATION=header)
        response = client.get("/api/v1/public/recommendations/")
        assert response.status_code == 401
        assert response.json()["code"] == "authentication_failed"


def test_users_cannot_revoke_someone_elses_token(client_for, focal_a, focal_b) -> None:
    token, _secret = api_token_create(actor=focal_a, name="A")
    response = client_for(focal_b).post(
        reverse("api_tokens:token_revoke", kwargs={"uuid": token.uuid})
    )
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_anonymous_clients_are_rate_limited(monkeypatch) -> None:
    monkeypatch.setattr(AnonRateThrottle, "rate", "3/min", raising=False)
    client = APIClient()
    statuses = [client.get("/api/v1/public/news/").status_code for _number in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/public/news/")
    assert response.json()["code"] == "throttled"
    assert int(response["Retry-After"]) > 0


def test_authenticated_clients_have_their_own_rate(monkeypatch, coordinator) -> None:
    monkeypatch.setattr(AnonRateThrottle, "rate", "1/min", raising=False)
    monkeypatch.setattr(UserRateThrottle, "rate", "3/min", raising=False)
    _token, secret = api_token_create(actor=coordinator, name="CI")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    statuses = [client.get("/api/v1/public/news/").status_code for _number in range(4)]
    assert statuses == [200, 200, 200, 429]
    # Another client (anonymous) is counted separately.
    assert APIClient().get("/api/v1/public/news/").status_code == 200
