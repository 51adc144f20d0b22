"""Fixtures of the account tests."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import Argon2PasswordHasher

PROJECT_PASSWORD_HASHERS = list(django_settings.PASSWORD_HASHERS)


class CheapArgon2PasswordHasher(Argon2PasswordHasher):
    """Still argon2, with the smallest costs: the project's costs take ~0.25 s per hash, and the
    account tests hash and check hundreds of passwords."""

    time_cost = 1
    memory_cost = 64
    parallelism = 1


@pytest.fixture(autouse=True)
def _cheap_password_hashing(request: pytest.FixtureRequest, settings: Any) -> None:
    if "project_password_hashers" in request.fixturenames:
        return
    settings.PASSWORD_HASHERS = [f"{__name__}.CheapArgon2PasswordHasher", *PROJECT_PASSWORD_HASHERS]


@pytest.fixture(autouse=True)
def _no_static_root_scan(settings: Any) -> None:
    """WhiteNoise indexes every file under STATIC_ROOT each time a test client is made (~0.15 s
    once `collectstatic` has run); these tests never fetch static files."""
    settings.STATIC_ROOT = None


@pytest.fixture
def project_password_hashers(settings: Any) -> list[str]:
    """The password hashers exactly as the project configures them (slow: real argon2 costs)."""
    settings.PASSWORD_HASHERS = PROJECT_PASSWORD_HASHERS
    return PROJECT_PASSWORD_HASHERS
