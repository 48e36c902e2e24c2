from __future__ import annotations

from typing import Any

import pytest

from .scenario import Scenario, build_scenario


@pytest.fixture
def scenario(personas: dict[str, Any], settings: Any, tmp_path: Any) -> Scenario:
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_scenario(personas)
