"""Who may do what with accounts, and the role checks every app's views build on.

Each app decides "may this user do X to this object" in its own ``permissions.py``; the role
predicates and view decorators they share live here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .choices import STAFF_ROLES, Role


def is_active_user(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def has_role(user: Any, roles: Iterable[str]) -> bool:
    return is_active_user(user) and user.role in set(roles)


def is_staff_member(user: Any) -> bool:
    """Back-office roles: administrator, coordinator, management, focal point, validator."""
    return has_role(user, STAFF_ROLES)


def can_view_reference_data(user: Any) -> bool:
    return is_staff_member(user)


def can_manage_users(user: Any) -> bool:
    return has_role(user, {Role.ADMINISTRATOR})


def can_import_recommendations(user: Any) -> bool:
    """Upload files of recommendations and follow their imports: the DIDH coordinators."""
    return has_role(user, {Role.ADMINISTRATOR, Role.COORDINATOR})


def can_view_all_institutions_work(user: Any) -> bool:
    """Roles that are not scoped to one institution's work."""
    return has_role(user, {Role.ADMINISTRATOR, Role.COORDINATOR, Role.MANAGEMENT})


def user_passes(
    check: Callable[[Any], bool],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """View decorator: anonymous users go to the login page, others failing ``check`` get 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = user_passes(is_staff_member)
