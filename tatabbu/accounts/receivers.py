"""Remember when a session was authenticated, for its absolute lifetime."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

SESSION_STARTED = "tatabbu_auth_started"
SESSION_LAST_SEEN = "tatabbu_last_seen"


@receiver(user_logged_in, dispatch_uid="accounts_session_started")
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SESSION_STARTED] = now
        request.session[SESSION_LAST_SEEN] = now
