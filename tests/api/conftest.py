"""Fixtures of the API tests."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.helpers import bearer


@pytest.fixture
def member_headers(user: Any) -> dict[str, str]:
    """A signed-in person of the network who belongs to no organisation."""
    return bearer(user)


@pytest.fixture
def admin_headers(org_admin: Any) -> dict[str, str]:
    return bearer(org_admin)
