"""Stored match lists: the batch, reading recommendations from them, and keeping them current."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from creativeports.directory.services.organisation import organisation_update
from creativeports.matching.index import match_index_current, match_index_reset
from creativeports.matching.models import MatchList
from creativeports.matching.pipeline import match_weights, method_fingerprint
from creativeports.matching.selectors import STORED, organisation_matches
from creativeports.matching.services.dismissal import dismissal_create
from creativeports.matching.services.match_lists import match_lists_affected, match_lists_refresh
from creativeports.matching.services.vectors import profile_vectors_refresh
from tests.directory.queryguard import queries_of
from tests.factories import MembershipFactory, UserFactory
from tests.matching.profiles import make, make_all
from tests.tasks import run_queued_tasks

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def network(db):
    organisations = make_all()
    profile_vectors_refresh()
    match_lists_refresh()
    return organisations


def _ranked(result):
    # Stored evidence is rounded: scores agree to 1e-3.
    return [(m.organisation.pk, round(m.score, 3), [r.code for r in m.reasons]) for m in result.items]


def test_the_batch_stores_a_list_per_organisation_best_first_without_itself(network):
    studio = network["studio_pl"]
    items = MatchList.objects.get(organisation=studio).items

    assert MatchList.objects.count() == len(network)
    assert items[0][0] == network["publisher_dk"].pk
    assert studio.pk not in [item[0] for item in items]
    assert [item[1] for item in items] == sorted((item[1] for item in items), reverse=True)


def test_recommendations_from_the_stored_list_equal_the_live_ones(network):
    reader = AnonymousUser()
    for organisation in network.values():
        stored = organisation_matches(user=reader, organisation=organisation, limit=5)
        MatchList.objects.filter(organisation=organisation).delete()
        live = organisation_matches(user=reader, organisation=organisation, limit=5)

        assert _ranked(stored) == _ranked(live)
        assert stored.items, organisation.name


def test_recommendations_are_read_from_the_stored_list(network):
    studio, fashion = network["studio_pl"], network["fashion_fi"]
    stored = MatchList.objects.get(organisation=studio)
    # Put the fashion upcycler first with overwhelming text evidence: only the stored list says so.
    row = next(item for item in stored.items if item[0] == fashion.pk)
    row[1:6] = [2.0, 1.0, 1.0, 1.0, 1.0]
    stored.items = [row, *(item for item in stored.items if item is not row)]
    stored.save()

    result = organisation_matches(user=AnonymousUser(), organisation=studio, limit=3)

    assert result.items[0].organisation == fashion


def test_stored_lists_show_each_reader_only_what_they_may_see(network):
    studio, publisher = network["studio_pl"], network["publisher_dk"]
    organisation_update(actor=None, organisation=publisher, fields={"profile_visibility": "members"})
    member = MembershipFactory().user

    anonymous = organisation_matches(user=AnonymousUser(), organisation=studio, limit=5)
    members = organisation_matches(user=member, organisation=studio, limit=5)

    assert publisher.pk not in [m.organisation.pk for m in anonymous.items]
    assert members.items[0].organisation == publisher


def test_a_list_made_with_other_weights_is_not_used(network, settings):
    studio = network["studio_pl"]
    stored = MatchList.objects.get(organisation=studio)
    stored.items = [row for row in stored.items if row[0] != network["publisher_dk"].pk]
    stored.save()
    settings.CREATIVEPORTS_MATCH_WEIGHTS = '{"other_country": 0.051}'

    result = organisation_matches(user=AnonymousUser(), organisation=studio, limit=3)

    assert result.items[0].organisation == network["publisher_dk"]  # computed live


def test_recommendations_from_a_stored_list_read_no_vectors(network):
    # A process builds its vector index from every stored vector (seconds at 100,000) at start
    # and whenever vectors change; a stored list answers without it.
    studio = network["studio_pl"]
    match_index_reset()

    with CaptureQueriesContext(connection) as read:
        result = organisation_matches(user=AnonymousUser(), organisation=studio, limit=3)

    assert result.items[0].organisation == network["publisher_dk"]
    assert result.semantic
    assert not [q["sql"] for q in read.captured_queries if "matching_profilevector" in q["sql"]]


def test_a_list_made_with_another_glossary_is_not_used(network):
    # Lists stored before an upgrade of the glossary carry the weights' digest alone.
    studio = network["studio_pl"]
    stored = MatchList.objects.get(organisation=studio)
    assert stored.weights == method_fingerprint() != match_weights().fingerprint()
    stored.items = [row for row in stored.items if row[0] != network["publisher_dk"].pk]
    stored.weights = match_weights().fingerprint()
    stored.save()

    result = organisation_matches(user=AnonymousUser(), organisation=studio, limit=3)

    assert result.items[0].organisation == network["publisher_dk"]  # computed live


def test_a_dismissal_hides_the_candidate_at_once_and_the_list_is_recomputed(
    network, django_capture_on_commit_callbacks
):
    studio, publisher = network["studio_pl"], network["publisher_dk"]
    person = MembershipFactory(organisation=studio).user

    with django_capture_on_commit_callbacks(execute=True):
        dismissal_create(actor=person, organisation=studio, candidate=publisher)
    shown = organisation_matches(user=AnonymousUser(), organisation=studio, limit=10)
    assert publisher.pk not in [m.organisation.pk for m in shown.items]

    run_queued_tasks()
    assert publisher.pk not in [item[0] for item in MatchList.objects.get(organisation=studio).items]


def test_a_profile_edit_refreshes_the_lists_it_changes_in_the_background(network, django_capture_on_commit_callbacks):
    studio, fashion = network["studio_pl"], network["fashion_fi"]
    with django_capture_on_commit_callbacks(execute=True):
        organisation_update(
            actor=None,
            organisation=fashion,
            fields={
                "offers": "Vi udgiver og markedsfører indie-spil på Steam og konsoller i hele Europa.",
                "description": "Forlag for computerspil.",
            },
        )
    # Only the background task changes stored lists.
    assert MatchList.objects.get(organisation=studio).items[0][0] != fashion.pk

    run_queued_tasks()

    top_two = [item[0] for item in MatchList.objects.get(organisation=studio).items[:2]]
    assert fashion.pk in top_two


def test_affected_organisations_are_those_close_in_meaning(network):
    affected = match_lists_affected([network["publisher_dk"].pk])

    assert network["studio_pl"].pk in affected


def test_the_stored_list_keeps_more_candidates_than_a_page(db):
    organisations = [make("sound_se", name=f"Klangvarvet {i}") for i in range(STORED + 5)]
    studio = make("studio_pl")
    profile_vectors_refresh()
    match_lists_refresh(ids=[studio.pk])

    items = MatchList.objects.get(organisation=studio).items
    assert len(items) == STORED
    assert {item[0] for item in items} <= {o.pk for o in organisations}


def test_when_the_reader_may_see_too_few_of_a_full_list_it_searches_live(db):
    hidden = [make("sound_se", name=f"Klangvarvet {i}", profile_visibility="members") for i in range(STORED)]
    public = make("localisation_de")
    studio = make("studio_pl")
    profile_vectors_refresh()
    match_lists_refresh(ids=[studio.pk])
    # A full list of candidates only members may see.
    stored = MatchList.objects.get(organisation=studio)
    stored.items = [[o.pk, 0.5, 0.5, 0.0, 0.0, 0.0, 0.0, []] for o in hidden]
    stored.save()

    result = organisation_matches(user=AnonymousUser(), organisation=studio, limit=5)

    assert [m.organisation.pk for m in result.items] == [public.pk]


def test_the_secretariat_gets_live_results_that_include_private_profiles(network):
    private = make("publisher_dk", name="Havnelys Private", profile_visibility="private")
    profile_vectors_refresh()
    secretariat = UserFactory(is_staff=True, is_superuser=True)

    result = organisation_matches(user=secretariat, organisation=network["studio_pl"], limit=5)

    assert private.pk in [m.organisation.pk for m in result.items]


def test_rebuild_command_stores_every_list(db, capsys):
    make_all()

    call_command("rebuild_match_index")

    assert MatchList.objects.count() == 5
    assert "Stored the match lists of 5 organisations" in capsys.readouterr().out


def _results(response, surface):
    if surface == "api":
        return len(response.json()["items"])
    return response.content.decode().count('class="card match"')


@pytest.mark.parametrize("surface", ["api", "page"])
def test_stored_recommendations_query_the_same_for_1_and_3_results(client, db, surface):
    # Result rows read only the fields they show, in one query: a field that is not loaded (or a
    # linked value read per row) would cost a query a row.
    studio = make("studio_pl")
    make("publisher_dk")
    profile_vectors_refresh()
    match_lists_refresh()
    if surface == "api":
        url = f"/api/v1/organisations/{studio.pk}/matches"
    else:
        url = reverse("matching:organisation.partners", kwargs={"slug": studio.slug})
    assert _results(client.get(url), surface) == 1
    one = queries_of(client, url)
    make("localisation_de")
    make("sound_se")
    profile_vectors_refresh()
    match_lists_refresh()

    assert _results(client.get(url), surface) == 3
    assert queries_of(client, url) == one


def test_cached_recommendations_follow_a_dismissal(client, network, page_cache):
    studio, publisher = network["studio_pl"], network["publisher_dk"]
    url = f"/api/v1/organisations/{studio.pk}/matches"
    assert client.get(url).json()["items"][0]["organisation"]["id"] == publisher.pk

    dismissal_create(actor=None, organisation=studio, candidate=publisher)

    assert publisher.pk not in [i["organisation"]["id"] for i in client.get(url).json()["items"]]


def test_approximate_search_gives_the_same_recommendations_on_a_small_register(db, settings):
    organisations = make_all()
    profile_vectors_refresh()
    reader = AnonymousUser()
    exact = {k: _ranked(organisation_matches(user=reader, organisation=o, limit=4)) for k, o in organisations.items()}
    settings.CREATIVEPORTS_MATCH_APPROXIMATE_ABOVE = 1
    match_index_reset()

    assert match_index_current().profiles.approximate is not None
    approximate = {
        k: _ranked(organisation_matches(user=reader, organisation=o, limit=4)) for k, o in organisations.items()
    }
    assert approximate == exact
