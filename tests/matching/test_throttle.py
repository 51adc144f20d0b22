"""Partner search per client: a limit a minute shared by the page and the API, then a clear 429."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory
from tests.matching.profiles import make

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SEARCH = "/api/v1/partner-search"
PAGE = "/partners/"


@pytest.fixture
def limited(settings, no_embedder, rate_window):
    settings.CREATIVEPORTS_PARTNER_SEARCHES_PER_MINUTE = 3
    # Each search below is a new need: the anonymous page cache would answer a repeated one.
    settings.CREATIVEPORTS_PAGE_CACHE_SECONDS = 0
    make("publisher_dk")
    return settings


def test_api_answers_429_with_the_error_shape_after_the_limit(client, limited):
    statuses = [client.get(SEARCH, {"q": f"animation studio {n}"}).status_code for n in range(4)]

    assert statuses == [200, 200, 200, 429]
    body = client.get(SEARCH, {"q": "animation studio 5"}).json()
    assert "wait a moment" in body["detail"]
    assert body["errors"] == []


def test_page_and_api_count_together_and_the_page_says_why(client, limited):
    for n in range(2):
        assert client.get(SEARCH, {"q": f"game publisher {n}"}).status_code == 200
    assert client.get(PAGE, {"q": "game publisher 2"}).status_code == 200

    response = client.get(PAGE, {"q": "game publisher 3"})

    assert response.status_code == 429
    assert "wait a moment" in response.content.decode()
    assert "game publisher 3" in response.content.decode()  # what was typed is kept


def test_clients_are_counted_apart(client, limited):
    for n in range(3):
        assert client.get(SEARCH, {"q": f"sound design {n}"}, REMOTE_ADDR="192.0.2.1").status_code == 200
    assert client.get(SEARCH, {"q": "sound design 3"}, REMOTE_ADDR="192.0.2.1").status_code == 429

    assert client.get(SEARCH, {"q": "sound design 4"}, REMOTE_ADDR="192.0.2.2").status_code == 200
    client.force_login(UserFactory())
    assert client.get(SEARCH, {"q": "sound design 5"}, REMOTE_ADDR="192.0.2.1").status_code == 200


def test_bad_input_is_not_counted(client, limited):
    for _ in range(5):
        assert client.get(SEARCH, {"q": "   "}).status_code == 422

    assert client.get(SEARCH, {"q": "illustration"}).status_code == 200


def test_zero_means_no_limit(client, limited):
    limited.CREATIVEPORTS_PARTNER_SEARCHES_PER_MINUTE = 0

    assert {client.get(SEARCH, {"q": f"fashion label {n}"}).status_code for n in range(6)} == {200}
