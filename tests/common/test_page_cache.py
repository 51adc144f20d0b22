"""The page cache: anonymous readers of public pages get cached responses that follow every data
change, with their own CSRF token, in their language; nobody else is ever served or stored."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from creativeports.accounts.services.account import api_token_create
from creativeports.common import page_cache as page_cache_module
from creativeports.directory.models import Organisation, SocialLink
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

LIST = reverse("directory:organisation.list")
HOME = reverse("home")
MAP_DATA = reverse("directory:organisation.map_data")
API_LIST = "/api/v1/organisations"
SET_LANGUAGE = reverse("set_language")
TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


def _get(client: Client, path: str, **kwargs: Any) -> tuple[Any, int]:
    """The response and the number of queries made to answer it."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **kwargs)
    return response, len(queries)


def _tokens(response: Any) -> list[str]:
    return TOKEN_RE.findall(response.content.decode())


def _without_tokens(response: Any) -> str:
    return TOKEN_RE.sub('name="csrfmiddlewaretoken" value=""', response.content.decode())


def _located(name: str, **fields: Any) -> Organisation:
    return OrganisationFactory(name=name, latitude=54.35, longitude=18.65, **fields)


def _uncached_queries(client: Client, path: str, settings_: Any, **kwargs: Any) -> int:
    """Queries of the same request with the page cache off, in the steady state."""
    settings_.CREATIVEPORTS_PAGE_CACHE_SECONDS = 0
    client.get(path, **kwargs)
    _response, queries = _get(client, path, **kwargs)
    settings_.CREATIVEPORTS_PAGE_CACHE_SECONDS = 300
    return queries


# Served from the cache -------------------------------------------------------------------------


def test_second_anonymous_visit_is_served_from_the_cache(client, page_cache):
    _located("Amber Sound")
    first, first_queries = _get(client, LIST)

    second, queries = _get(client, LIST)

    assert first.status_code == second.status_code == 200
    assert first_queries > 1
    assert queries == 1  # the change token, nothing else
    assert "Amber Sound" in second.content.decode()
    assert _without_tokens(second) == _without_tokens(first)
    for header in ("Content-Type", "Content-Language", "Content-Security-Policy", "X-Frame-Options"):
        assert second[header] == first[header], header


def test_a_cache_hit_within_the_version_interval_makes_no_query(client, page_cache, settings):
    settings.CREATIVEPORTS_PAGE_VERSION_SECONDS = 60
    _located("Amber Sound")
    client.get(LIST)

    second, queries = _get(client, LIST)

    assert (second.status_code, queries) == (200, 0)
    assert "Amber Sound" in second.content.decode()


def test_an_edit_shows_once_the_version_interval_has_passed(client, page_cache, settings):
    settings.CREATIVEPORTS_PAGE_VERSION_SECONDS = 60
    client.get(LIST)
    _located("Amber Sound")
    assert "Amber Sound" not in client.get(LIST).content.decode()  # within the interval: the cached page

    settings.CREATIVEPORTS_PAGE_VERSION_SECONDS = 0  # the interval has passed

    assert "Amber Sound" in client.get(LIST).content.decode()


@pytest.mark.parametrize("path", [LIST, HOME, MAP_DATA, API_LIST, "detail"])
def test_public_pages_are_cached_and_follow_writes(client, page_cache, path):
    organisation = _located("Amber Sound", slug="amber-sound")
    path = organisation.get_absolute_url() if path == "detail" else path
    first, _queries = _get(client, path)
    hit, queries = _get(client, path)
    # The change token; an organisation's page also reads the version of its open partner calls.
    assert queries == (2 if path == organisation.get_absolute_url() else 1)
    assert _without_tokens(hit) == _without_tokens(first)
    assert hit["Content-Type"] == first["Content-Type"]
    assert "Harbour Lights" not in hit.content.decode()

    Organisation.objects.filter(pk=organisation.pk).update(name="Harbour Lights")

    fresh, queries = _get(client, path)
    assert fresh.status_code == 200
    assert queries > 1
    assert "Harbour Lights" in fresh.content.decode()
    assert "Amber Sound" not in fresh.content.decode()


def test_a_new_organisation_shows_on_the_next_visit(client, page_cache):
    _located("Amber Sound")
    _get(client, LIST)
    assert _get(client, LIST)[1] == 1

    OrganisationFactory(name="Brand New Collective")

    response, _queries = _get(client, LIST)
    assert "Brand New Collective" in response.content.decode()


def test_map_data_and_api_list_follow_new_organisations(client, page_cache):
    _located("Amber Sound")
    for path in (MAP_DATA, API_LIST):
        _get(client, path)
        assert _get(client, path)[1] == 1

    _located("Baltic Beat")

    features = json.loads(client.get(MAP_DATA).content)["features"]
    assert sorted(f["properties"]["n"] for f in features) == ["Amber Sound", "Baltic Beat"]
    api = client.get(API_LIST).json()
    assert api["count"] == 2
    assert sorted(item["name"] for item in api["items"]) == ["Amber Sound", "Baltic Beat"]


def test_a_profile_turned_private_leaves_the_cached_pages(client, page_cache):
    organisation = _located("Amber Sound")
    for path in (LIST, MAP_DATA, API_LIST, organisation.get_absolute_url()):
        client.get(path)

    Organisation.objects.filter(pk=organisation.pk).update(profile_visibility="private")

    assert "Amber Sound" not in client.get(LIST).content.decode()
    assert json.loads(client.get(MAP_DATA).content)["features"] == []
    assert client.get(API_LIST).json()["count"] == 0
    assert client.get(organisation.get_absolute_url()).status_code == 404


def test_the_organisation_page_follows_a_social_link_added(client, page_cache):
    organisation = _located("Amber Sound")
    path = organisation.get_absolute_url()
    client.get(path)
    assert "Social media" not in client.get(path).content.decode()

    SocialLink.objects.create(organisation=organisation, platform="vimeo", url="https://vimeo.com/amber")

    assert 'href="https://vimeo.com/amber"' in client.get(path).content.decode()


def test_the_organisation_page_follows_a_domain_added(client, page_cache):
    organisation = _located("Amber Sound")
    path = organisation.get_absolute_url()
    client.get(path)
    assert "<dt>CCI domains</dt>" not in client.get(path).content.decode()

    organisation.domains.add("games")

    assert "<dt>CCI domains</dt><dd>Games</dd>" in client.get(path).content.decode()


# The reader's own CSRF token ----------------------------------------------------------------


def test_a_cached_page_carries_each_readers_own_csrf_token(page_cache):
    _located("Amber Sound")
    first_reader = Client(enforce_csrf_checks=True)
    second_reader = Client(enforce_csrf_checks=True)
    first, _queries = _get(first_reader, LIST)

    hit, queries = _get(second_reader, LIST)

    assert queries == 1
    first_tokens, hit_tokens = _tokens(first), _tokens(hit)
    assert hit_tokens  # the language switcher's form
    assert page_cache_module.CSRF_PLACEHOLDER not in first.content.decode()
    assert page_cache_module.CSRF_PLACEHOLDER not in hit.content.decode()
    assert set(hit_tokens).isdisjoint(first_tokens)
    assert settings.CSRF_COOKIE_NAME in second_reader.cookies

    switched = second_reader.post(SET_LANGUAGE, {"language": "de", "next": LIST, "csrfmiddlewaretoken": hit_tokens[0]})

    assert switched.status_code == 302
    assert second_reader.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"


def test_another_readers_token_from_the_cache_is_refused(page_cache):
    """The control of the test above: the token on a page is worth something only to its reader."""
    _located("Amber Sound")
    first_reader = Client(enforce_csrf_checks=True)
    second_reader = Client(enforce_csrf_checks=True)
    first_token = _tokens(first_reader.get(LIST))[0]
    second_reader.get(LIST)

    refused = second_reader.post(SET_LANGUAGE, {"language": "de", "next": LIST, "csrfmiddlewaretoken": first_token})

    assert refused.status_code == 403


def test_the_csrf_token_of_a_cache_miss_works_too(page_cache):
    _located("Amber Sound")
    reader = Client(enforce_csrf_checks=True)
    token = _tokens(reader.get(LIST))[0]

    assert token != page_cache_module.CSRF_PLACEHOLDER
    assert reader.post(SET_LANGUAGE, {"language": "pl", "csrfmiddlewaretoken": token}).status_code == 302


def test_a_404_page_carries_a_real_csrf_token(client, page_cache):
    response = client.get(reverse("directory:organisation.detail", args=["no-such-studio"]))

    assert response.status_code == 404
    assert page_cache_module.CSRF_PLACEHOLDER not in response.content.decode()


# Who is never served from the cache -----------------------------------------------------------


def test_signed_in_readers_never_get_the_anonymous_page(client, page_cache):
    OrganisationFactory(name="Members Corner", profile_visibility="members")
    _located("Amber Sound")
    anonymous = Client()
    anonymous.get(LIST)
    cached, queries = _get(anonymous, LIST)
    assert queries == 1
    assert "Members Corner" not in cached.content.decode()

    client.force_login(UserFactory())
    member_page = client.get(LIST)

    assert "Members Corner" in member_page.content.decode()
    assert "Amber Sound" in member_page.content.decode()


def test_pages_of_signed_in_readers_are_never_stored(client, page_cache):
    OrganisationFactory(name="Members Corner", profile_visibility="members")
    client.force_login(UserFactory())
    for _visit in range(2):
        assert "Members Corner" in client.get(LIST).content.decode()
        assert "Members Corner" in json.dumps(client.get(API_LIST).json())

    anonymous = Client()
    page, queries = _get(anonymous, LIST)
    api, api_queries = _get(anonymous, API_LIST)

    assert queries > 1  # nothing was stored for it
    assert api_queries > 1
    assert "Members Corner" not in page.content.decode()
    assert api.json()["count"] == 0


def test_a_messages_cookie_is_neither_served_nor_stored(page_cache):
    _located("Amber Sound")
    warm = Client()
    warm.get(LIST)
    assert _get(warm, LIST)[1] == 1
    request = RequestFactory().get(LIST)
    storage = CookieStorage(request)
    storage.add(constants.SUCCESS, "Your changes were saved privately")
    carrier = HttpResponse()
    storage.update(carrier)
    reader = Client()
    reader.cookies["messages"] = carrier.cookies["messages"].value

    page, queries = _get(reader, LIST)

    assert queries > 1
    assert "Your changes were saved privately" in page.content.decode()
    assert "Your changes were saved privately" not in Client().get(LIST).content.decode()


def test_a_session_cookie_bypasses_the_cache(page_cache, settings):
    _located("Amber Sound")
    warm = Client()
    warm.get(LIST)
    assert _get(warm, LIST)[1] == 1
    session = SessionStore()
    session["seen_intro"] = True
    session.create()
    reader = Client()
    reader.cookies[settings.SESSION_COOKIE_NAME] = session.session_key

    reader.get(LIST)
    _response, again = _get(reader, LIST)

    assert again > 1
    assert again == _uncached_queries(reader, LIST, settings)


def test_an_authorization_header_bypasses_the_api_cache(page_cache, settings):
    OrganisationFactory(name="Members Corner", profile_visibility="members")
    _located("Amber Sound")
    anonymous = Client()
    anonymous.get(API_LIST)
    assert _get(anonymous, API_LIST)[1] == 1
    _token, secret = api_token_create(user=UserFactory(), name="tests")
    reader = Client()
    headers = {"Authorization": f"Bearer {secret}"}

    response, _queries = _get(reader, API_LIST, headers=headers)
    again, queries = _get(reader, API_LIST, headers=headers)

    assert response.status_code == again.status_code == 200
    assert sorted(item["name"] for item in again.json()["items"]) == ["Amber Sound", "Members Corner"]
    assert queries > 1
    assert queries == _uncached_queries(reader, API_LIST, settings, headers=headers)


def test_a_wrong_api_token_is_refused_even_when_the_list_is_cached(page_cache):
    _located("Amber Sound")
    anonymous = Client()
    anonymous.get(API_LIST)
    assert _get(anonymous, API_LIST)[1] == 1

    response = Client().get(API_LIST, headers={"Authorization": "Bearer cp_forged"})

    assert response.status_code == 401


# Separate entries -----------------------------------------------------------------------------


def test_german_and_english_pages_are_separate_entries(page_cache):
    _located("Amber Sound")
    english, german = Client(), Client(headers={"Accept-Language": "de"})
    english.get(LIST)
    assert _get(english, LIST)[1] == 1

    german_page, _queries = _get(german, LIST)
    german_hit, german_queries = _get(german, LIST)
    english_hit, english_queries = _get(english, LIST)

    assert "<h1>Verzeichnis</h1>" in german_page.content.decode()
    assert '<html lang="de">' in german_hit.content.decode()
    assert german_queries == 1
    assert "<h1>Directory</h1>" in english_hit.content.decode()
    assert "Verzeichnis" not in english_hit.content.decode()
    assert english_queries == 1


def test_the_language_cookie_chooses_the_entry(page_cache):
    _located("Amber Sound")
    english = Client()
    english.get(LIST)
    assert _get(english, LIST)[1] == 1
    german = Client()
    german.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"

    german_page = german.get(LIST)

    assert german_page.status_code == 200
    assert "<h1>Verzeichnis</h1>" in german_page.content.decode()
    assert "<h1>Directory</h1>" in english.get(LIST).content.decode()


def test_htmx_partial_and_full_page_are_separate_entries(client, page_cache):
    _located("Amber Sound")
    htmx = {"HX-Request": "true"}
    full, _queries = _get(client, LIST)
    partial, _queries = _get(client, LIST, headers=htmx)
    partial_hit, partial_queries = _get(client, LIST, headers=htmx)
    full_hit, full_queries = _get(client, LIST)

    assert "<html" in full.content.decode()
    assert "<html" not in partial.content.decode()
    assert "Amber Sound" in partial.content.decode()
    assert (partial_queries, full_queries) == (1, 1)
    assert "<html" not in partial_hit.content.decode()
    assert "<html" in full_hit.content.decode()
    assert "HX-Request" in full_hit["Vary"]


def test_a_history_restore_gets_the_full_page(client, page_cache):
    _located("Amber Sound")
    client.get(LIST, headers={"HX-Request": "true"})

    restored = client.get(LIST, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})

    assert "<html" in restored.content.decode()


def test_query_strings_are_separate_entries(client, page_cache):
    _located("Amber Sound")
    OrganisationFactory(name="Elbe Studio", country_id="DE")
    client.get(LIST + "?country=PL")

    german_only = client.get(LIST + "?country=DE").content.decode()

    assert "Elbe Studio" in german_only
    assert "Amber Sound" not in german_only


# Never cached ---------------------------------------------------------------------------------


def test_a_404_is_not_cached(client, page_cache):
    path = reverse("directory:organisation.detail", args=["no-such-studio"])
    first, _queries = _get(client, path)

    again, queries = _get(client, path)

    assert first.status_code == again.status_code == 404
    assert queries > 1


def test_a_redirect_is_not_cached(client, page_cache):
    target = OrganisationFactory(name="Target Studio")
    merged = OrganisationFactory(name="Old Studio", merged_into=target)
    client.get(merged.get_absolute_url())

    again, queries = _get(client, merged.get_absolute_url())

    assert again.status_code == 302
    assert again["Location"] == target.get_absolute_url()
    assert queries > 1


def test_nothing_is_cached_when_the_lifetime_is_zero(client, page_cache, settings):
    settings.CREATIVEPORTS_PAGE_CACHE_SECONDS = 0
    _located("Amber Sound")
    for path in (LIST, MAP_DATA, API_LIST):
        client.get(path)

        _response, queries = _get(client, path)

        assert queries > 1, path


def test_the_page_cache_is_off_without_the_fixture(client, db):
    """The suite's default (tests/conftest.py): other tests count the queries of real rendering."""
    _located("Amber Sound")
    client.get(LIST)

    assert _get(client, LIST)[1] > 1


def test_a_head_request_leaves_a_whole_page_for_the_next_get(client, page_cache):
    _located("Amber Sound")
    head = client.head(LIST)
    assert head.status_code == 200

    page = client.get(LIST)

    assert "Amber Sound" in page.content.decode()
    assert "</html>" in page.content.decode()
