"""Audit action codes and their translated labels.

Each app registers the action codes its services record (``recommendation.assign``), so that the
history reads in Arabic, French and English, and so that a typo in a code fails loudly.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_ACTIONS: dict[str, Promise | str] = {}


def register_actions(actions: dict[str, Promise | str]) -> None:
    for code, label in actions.items():
        existing = _ACTIONS.get(code)
        if existing is not None and str(existing) != str(label):
            raise ValueError(f"Audit action {code!r} is registered twice with different labels.")
        _ACTIONS[code] = label


def is_registered(code: str) -> bool:
    return code in _ACTIONS


def action_label(code: str) -> Promise | str:
    return _ACTIONS.get(code, code)


def registered_actions() -> dict[str, Promise | str]:
    return dict(_ACTIONS)


register_actions(
    {
        "auth.login": _("Signed in"),
        "auth.login_failed": _("Failed sign-in attempt"),
        "auth.logout": _("Signed out"),
        "auth.lockout": _("Account temporarily locked after repeated failures"),
    }
)
