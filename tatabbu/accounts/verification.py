"""E-mail verification links for self-registered accounts (associations).

A link carries the user's id and a hash of the account's state, signed and time-stamped with
Django's signing (SECRET_KEY). It is refused when it has expired, when it was already used
(activation changes the state it hashes), or when the account has signed in since (so that a link
cannot reactivate an account an administrator deactivated).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import User

_SALT = "tatabbu.accounts.email-verification"


def _state(user: User) -> str:
    last_login = "" if user.last_login is None else user.last_login.isoformat()
    value = f"{user.pk}|{user.email}|{user.is_active}|{user.password}|{last_login}"
    return salted_hmac(_SALT, value, algorithm="sha256").hexdigest()[:32]


def verification_token(user: User) -> str:
    return signing.dumps({"user": user.pk, "state": _state(user)}, salt=_SALT, compress=True)


def user_for_verification_token(token: str) -> User | None:
    """The inactive, never-signed-in user the token was made for, if it is still valid."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=settings.TATABBU_EMAIL_VERIFICATION_SECONDS)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("user"), is_active=False, last_login=None).first()
    if user is None or not constant_time_compare(str(data.get("state", "")), _state(user)):
        return None
    return user


def send_verification_email(*, user: User, base_url: str, **context: Any) -> None:
    """Send the verification link, in the user's preferred language."""
    with translation.override(user.preferred_language):
        path = reverse("accounts:email_verify", kwargs={"token": verification_token(user)})
        context = {
            **context,
            "user": user,
            "link": base_url.rstrip("/") + path,
            "hours": settings.TATABBU_EMAIL_VERIFICATION_SECONDS // 3600,
        }
        subject = render_to_string("accounts/email/verify_subject.txt", context).strip()
        body = render_to_string("accounts/email/verify.txt", context)
    send_mail(subject, body, None, [user.email])


def send_existing_account_email(*, email: str) -> None:
    """Sign-up with an address that already has an account: tell its owner, reveal nothing."""
    user = User.objects.filter(username__iexact=email).first()
    if user is None:
        return
    with translation.override(user.preferred_language):
        subject = render_to_string("accounts/email/existing_account_subject.txt").strip()
        body = render_to_string("accounts/email/existing_account.txt", {"user": user})
    send_mail(subject, body, None, [user.email or email])
