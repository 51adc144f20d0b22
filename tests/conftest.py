"""Fixtures shared by the whole suite. Reference data is loaded once per test database."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.core.cache import cache
from django.core.management import call_command
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

from creativeports.common.ratelimit import WINDOW_SECONDS
from creativeports.directory.enums import MembershipRole
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


class _OneRequestAtATimeServer(WSGIServer):
    """The live server, answering one request at a time (and closing each connection).

    On SQLite the test database lives in memory, and every thread of the live server shares its one
    connection: two requests at once (a page and the map data it fetches) could use it together and
    fail with "bad parameter or other API misuse". PostgreSQL gives each thread its own connection.
    """

    def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
        # The server thread itself already uses the shared connections (LiveServerThread.run).
        super().__init__(*args, **kwargs)


def pytest_configure(config: pytest.Config) -> None:
    # Tests render templates without `collectstatic`; production uses the hashed manifest storage.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        LiveServerThread.server_class = _OneRequestAtATimeServer


PROJECT_PASSWORD_HASHERS = list(settings.PASSWORD_HASHERS)


class CheapArgon2PasswordHasher(Argon2PasswordHasher):
    """Still argon2, at the smallest costs: the project's costs take ~0.25 s per hash, and the suite
    creates thousands of users. Tests of the real costs ask for `project_password_hashers`."""

    time_cost = 1
    memory_cost = 64
    parallelism = 1


@pytest.fixture(autouse=True)
def _cheap_password_hashing(request: pytest.FixtureRequest, settings: Any) -> None:
    if "project_password_hashers" not in request.fixturenames:
        settings.PASSWORD_HASHERS = [f"{__name__}.CheapArgon2PasswordHasher", *PROJECT_PASSWORD_HASHERS]


@pytest.fixture
def project_password_hashers(settings: Any) -> list[str]:
    """The password hashers exactly as the project configures them (slow: real argon2 costs)."""
    settings.PASSWORD_HASHERS = PROJECT_PASSWORD_HASHERS
    return PROJECT_PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def _no_static_root_scan(settings: Any) -> None:
    """WhiteNoise indexes every file under STATIC_ROOT whenever a test client starts (~0.15 s once
    `collectstatic` has run); tests serve static files through the finders instead."""
    settings.STATIC_ROOT = None


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0)


@pytest.fixture(autouse=True)
def _page_cache_off(request: pytest.FixtureRequest, settings: Any) -> None:
    """Whole-page caching (common.page_cache) is off unless a test asks for it with `page_cache`:
    query-count guards and most page tests are about rendering, not about the cache."""
    if "page_cache" not in request.fixturenames:
        settings.CREATIVEPORTS_PAGE_CACHE_SECONDS = 0
    # Every request reads the data's version, so a test sees its own writes at once.
    settings.CREATIVEPORTS_PAGE_VERSION_SECONDS = 0


@pytest.fixture
def page_cache(settings: Any) -> Iterator[Any]:
    """The page cache as deployed, starting empty."""
    from django.core.cache import caches

    from creativeports.common.page_cache import CACHE_ALIAS

    settings.CREATIVEPORTS_PAGE_CACHE_SECONDS = 300
    caches[CACHE_ALIAS].clear()
    yield caches[CACHE_ALIAS]
    caches[CACHE_ALIAS].clear()


# Seconds a rate-limit test may take; one that would start later in its window waits for the next.
RATE_TEST_SECONDS = 15


@pytest.fixture
def rate_window() -> None:
    """Start the test early in a rate-limit window: `common.ratelimit` counts in fixed one-minute
    windows, and a test whose requests straddle two of them sees the count start again."""
    left = WINDOW_SECONDS - time.time() % WINDOW_SECONDS
    if left < RATE_TEST_SECONDS:
        time.sleep(left + 0.05)


@pytest.fixture(autouse=True)
def _media_root(tmp_path: Any, settings: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_FILES_DIR = tmp_path / "private"


def _commits(request: pytest.FixtureRequest) -> bool:
    """Whether the test commits to the database (a live server, or transactional by fixture or by
    marker) instead of running in a transaction that is rolled back."""
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        return True
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction"))


@pytest.fixture(autouse=True)
def _reference_data_for_committing_tests(request: pytest.FixtureRequest, django_db_blocker: Any) -> None:
    """Django empties every table after a test that commits, reference data included (countries,
    organisation types, domains...): such a test loads them again first, whatever ran before it."""
    if _commits(request):
        with django_db_blocker.unblock():
            call_command("load_reference_data", verbosity=0)


@pytest.fixture(autouse=True)
def _clear_cache(request: pytest.FixtureRequest) -> Iterator[None]:
    """Rate-limit counters live in the database cache. Tests in a transaction roll them back;
    tests that commit (live server, transactional) start and end with an empty cache."""
    committing = _commits(request)
    if committing:
        cache.clear()
    yield
    if committing:
        cache.clear()


@pytest.fixture
def user(db: Any) -> Any:
    return UserFactory()


@pytest.fixture
def organisation(db: Any) -> Any:
    return OrganisationFactory()


@pytest.fixture
def org_admin(organisation: Any) -> Any:
    return MembershipFactory(organisation=organisation, role=MembershipRole.ADMIN).user


@pytest.fixture
def org_member(organisation: Any) -> Any:
    return MembershipFactory(organisation=organisation, role=MembershipRole.MEMBER).user


@pytest.fixture
def outsider(db: Any) -> Any:
    """A member of another organisation."""
    return MembershipFactory(role=MembershipRole.ADMIN).user


@pytest.fixture
def secretariat(db: Any) -> Any:
    return UserFactory(is_secretariat=True)


@pytest.fixture
def superuser(db: Any) -> Any:
    return UserFactory(is_superuser=True, is_staff=True)
