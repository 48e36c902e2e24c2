"""Who may do what with recommendations. Role predicates shared with templates live in
``accounts.permissions`` (the ``{% if user|can:"…" %}`` filter reads them there)."""

from __future__ import annotations

from tatabbu.accounts.permissions import can_import_recommendations, user_passes

import_required = user_passes(can_import_recommendations)

__all__ = ["can_import_recommendations", "import_required"]
