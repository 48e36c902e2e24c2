"""Authentication events come from Django's auth signals, not from our services; these receivers
record them in the same audit trail (ASVS 16.3.1). This is the one place signals write audit."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from .trail import record


def _record(**kwargs: Any) -> None:
    with transaction.atomic():
        record(**kwargs)


@receiver(user_logged_in, dispatch_uid="audit_login")
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    _record(actor=user, action="auth.login", target=user, institution=user.institution_id)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        _record(actor=user, action="auth.logout", target=user, institution=user.institution_id)


def _known_user(credentials: dict[str, Any]) -> Any:
    username = credentials.get("username") or ""
    return get_user_model().objects.filter(username=username).first()


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    user = _known_user(credentials)
    _record(
        actor=None,
        action="auth.login_failed",
        target=user,
        institution=getattr(user, "institution_id", None),
        extra={"username": str(credentials.get("username", ""))[:150]},
    )


@receiver(user_locked_out, dispatch_uid="audit_lockout")
def on_lockout(sender: Any, request: Any = None, username: str = "", **kwargs: Any) -> None:
    user = _known_user({"username": username})
    _record(
        actor=None,
        action="auth.lockout",
        target=user,
        institution=getattr(user, "institution_id", None),
        extra={"username": str(username)[:150]},
    )
