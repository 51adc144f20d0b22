"""Fixtures of the directory tests: a client signed in as each role, and valid form data."""

from __future__ import annotations

from typing import Any

import pytest

from tests.directory.queryguard import rich_organisation
from tests.factories import MembershipFactory

_ROLE_FIXTURES = {
    "outsider": "outsider",
    "member": "org_member",
    "admin": "org_admin",
    "secretariat": "secretariat",
    "superuser": "superuser",
}


@pytest.fixture
def client_as(client: Any, request: pytest.FixtureRequest, organisation: Any) -> Any:
    """`client_as("member")` returns the test client signed in as that role (or anonymous)."""

    def _as(role: str) -> Any:
        if role != "anonymous":
            client.force_login(request.getfixturevalue(_ROLE_FIXTURES[role]))
        return client

    return _as


@pytest.fixture
def form_data(db: Any) -> dict[str, Any]:
    """A complete, valid POST for the organisation create form (tests change one field at a time)."""
    return {
        "name": "Amber Sound Collective",
        "type": "company",
        "country": "LT",
        "region": "Vilnius County",
        "city": "Vilnius",
        "latitude": "54.6872",
        "longitude": "25.2797",
        "domains": ["music", "audiovisual"],
        "size": "micro",
        "founded": "2015",
        "languages": ["lt", "en"],
        "website": "https://amber-sound.example",
        "description": "We record and produce music for games and films.",
        "description_lang": "en",
        "offers": "",
        "offers_lang": "",
        "needs": "",
        "needs_lang": "",
        "target_markets": ["DE", "SE"],
        "international_experience": "some",
        "sdgs": ["4", "8"],
        "social_links": "https://www.instagram.com/ambersound\nhttps://vimeo.com/ambersound",
        "contact_name": "Rūta Jankauskienė",
        "contact_name_visibility": "public",
        "email": "hello@amber-sound.example",
        "email_visibility": "members",
        "phone": "+370 5 212 3456",
        "phone_visibility": "private",
        "profile_visibility": "public",
        "consent": "on",
    }


@pytest.fixture(params=["anonymous", "member", "secretariat"])
def viewer(request: pytest.FixtureRequest, client: Any, db: Any) -> Any:
    """The client as a visitor, a signed-in member of one profile, or the secretariat."""
    if request.param == "member":
        client.force_login(MembershipFactory(organisation=rich_organisation()).user)
    elif request.param == "secretariat":
        client.force_login(request.getfixturevalue("secretariat"))
    return client
