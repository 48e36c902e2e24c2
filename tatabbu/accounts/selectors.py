"""Reads of accounts."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from .models import User


def user_list(*, user: Any, query: str = "") -> QuerySet[User]:
    """All accounts (administrators), optionally filtered by name, e-mail or institution."""
    queryset = User.objects.select_related("institution").order_by("username")
    if query:
        queryset = queryset.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
            | Q(institution__name_fr__icontains=query)
            | Q(institution__name_ar__icontains=query)
        )
    return queryset


def pending_totp_device(*, user: User) -> Any:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()


def home_summary(*, user: User) -> dict[str, Any]:
    """What the signed-in home shows: role, institution and the sections open to this role."""
    from .permissions import can_manage_users, can_view_reference_data

    return {
        "role": user.get_role_display(),
        "institution": user.institution,
        "can_view_reference": can_view_reference_data(user),
        "can_manage_users": can_manage_users(user),
    }
