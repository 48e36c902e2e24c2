"""In-app notifications, e-mailed too, in each recipient's language.

``notify`` writes rows: call it inside a service (its audit event covers them). The e-mail leaves
once the transaction commits (console by default, SMTP through the ``DJANGO_EMAIL_*`` settings).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation

from tatabbu.accounts.choices import Role
from tatabbu.accounts.models import User

from .models import Notification


def institution_people(institution_id: int | None, roles: Iterable[str]) -> list[User]:
    """The active users of ``roles`` in the institution."""
    if institution_id is None:
        return []
    return list(
        User.objects.filter(institution_id=institution_id, role__in=list(roles), is_active=True)
    )


def coordinators() -> list[User]:
    return list(User.objects.filter(role=Role.COORDINATOR, is_active=True))


def notify(
    recipients: Iterable[Any],
    subject: Any,
    body: Any,
    *,
    link: str = "",
    institution: Any = None,
    email: bool = True,
    **params: Any,
) -> list[Notification]:
    """One notification per recipient (``subject`` and ``body`` are translatable texts with
    ``%(name)s`` placeholders filled from ``params``), and an e-mail after commit."""
    rows = []
    mails = []
    for user in {user.pk: user for user in recipients}.values():
        with translation.override(user.preferred_language or None):
            values = {key: str(value) for key, value in params.items()}
            subject_text = (str(subject) % values)[:300]
            body_text = str(body) % values
        rows.append(
            Notification(
                recipient=user,
                subject=subject_text,
                body=body_text,
                link=link,
                institution_id=getattr(institution, "pk", institution),
            )
        )
        if email and user.email:
            base_url = getattr(settings, "TATABBU_BASE_URL", "")
            mail_text = f"{body_text}\n\n{base_url}{link}" if link and base_url else body_text
            mails.append((subject_text, mail_text, user.email))
    Notification.objects.bulk_create(rows)
    for subject_text, body_text, address in mails:
        transaction.on_commit(
            lambda s=subject_text, b=body_text, a=address: send_mail(
                s, b, None, [a], fail_silently=True
            )
        )
    return rows
