"""Writes of the API app: users create and revoke their own API tokens (audited)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tatabbu.audit.registry import register_actions
from tatabbu.audit.trail import record, service
from tatabbu.core.exceptions import ServiceError

from .models import ApiToken
from .tokens import new_token, token_digest, token_prefix

register_actions(
    {
        "api.token_create": _("API token created"),
        "api.token_revoke": _("API token revoked"),
    }
)

MAX_ACTIVE_TOKENS = 10


@service
def api_token_create(
    *, actor: Any, name: str, expires_in_days: int | None = None
) -> tuple[ApiToken, str]:
    """A new token for ``actor``; returns it and the secret, which is shown once and not kept."""
    if not (actor and actor.is_authenticated and actor.is_active):
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ServiceError(_("Give the token a name."), code="no_name")
    active = ApiToken.objects.filter(user=actor, revoked_at__isnull=True).count()
    if active >= MAX_ACTIVE_TOKENS:
        raise ServiceError(
            _("You already have %(count)d tokens: revoke one first.") % {"count": active},
            code="too_many_tokens",
        )
    secret = new_token()
    expires_at = None
    if expires_in_days:
        expires_at = timezone.now() + datetime.timedelta(days=expires_in_days)
    token = ApiToken(
        user=actor,
        name=name,
        prefix=token_prefix(secret),
        digest=token_digest(secret),
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    record(
        actor=actor,
        action="api.token_create",
        target=token,
        after={
            "name": token.name,
            "prefix": token.prefix,
            "expires_at": expires_at.isoformat() if expires_at else None,
        },
    )
    return token, secret


@service
def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke one of one's own tokens (administrators may revoke anyone's)."""
    from tatabbu.accounts.permissions import can_manage_users

    if token.user_id != getattr(actor, "pk", None) and not can_manage_users(actor):
        raise PermissionDenied
    if token.revoked_at is not None:
        raise ServiceError(_("This token is already revoked."), code="already_revoked")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    record(
        actor=actor,
        action="api.token_revoke",
        target=token,
        before={"revoked_at": None},
        after={"revoked_at": token.revoked_at.isoformat()},
    )
    return token
