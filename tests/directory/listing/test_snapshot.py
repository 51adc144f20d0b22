"""The in-memory listing: never stale after a write, filtered by who reads, sorted, and cheap to rebuild."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from creativeports.directory import selectors
from creativeports.directory.listing import changes, snapshot
from creativeports.directory.models import ListingChange, Organisation
from creativeports.directory.services.organisation import organisation_delete, organisation_merge, organisation_update
from creativeports.taxonomy.models import Country, OrganisationType
from tests.directory.search.conftest import make
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.unit


def _ids(user=None, sort="name", **filters) -> list[int]:
    """The listing's ids as the snapshot answers them (not re-checked against the database)."""
    listing, _counts = selectors.organisation_listing(
        user=user, filters=selectors.directory_filters(**filters), sort=sort
    )
    return [int(pk) for pk in listing.ids]


def _unsaved(name: str, **fields) -> Organisation:
    return Organisation(
        name=name,
        slug=name.lower().replace(" ", "-"),
        type=OrganisationType.objects.get(code="company"),
        country=Country.objects.get(code="PL"),
        **fields,
    )


# Listings follow writes at once --------------------------------------------------------------------


@pytest.fixture
def pair(db):
    return make("Alpha"), make("Beta")


def test_listing_drops_a_profile_turned_private_by_a_queryset_update(pair):
    alpha, beta = pair
    assert _ids() == [alpha.pk, beta.pk]  # the snapshot is built with both

    Organisation.objects.filter(pk=alpha.pk).update(profile_visibility="private")

    assert _ids() == [beta.pk]


def test_listing_drops_a_profile_turned_private_by_the_service(pair):
    alpha, beta = pair
    assert _ids() == [alpha.pk, beta.pk]

    organisation_update(actor=None, organisation=beta, fields={"profile_visibility": "private"})

    assert _ids() == [alpha.pk]


def test_listing_drops_a_profile_hidden_by_raw_sql(pair):
    alpha, beta = pair
    assert _ids() == [alpha.pk, beta.pk]

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Organisation._meta.db_table} SET profile_visibility = 'members' WHERE id = %s",  # noqa: S608
            [alpha.pk],
        )

    assert _ids() == [beta.pk]
    assert _ids(UserFactory()) == [alpha.pk, beta.pk]  # members still see it


def test_listing_drops_a_merged_profile(pair):
    alpha, beta = pair
    assert _ids() == [alpha.pk, beta.pk]

    organisation_merge(actor=None, source=beta, target=alpha)

    assert _ids() == [alpha.pk]


def test_listing_drops_a_profile_merged_by_a_queryset_update(pair):
    alpha, beta = pair
    assert _ids() == [alpha.pk, beta.pk]

    Organisation.objects.filter(pk=alpha.pk).update(merged_into=beta)

    assert _ids() == [beta.pk]


@pytest.mark.parametrize("how", ["service", "instance", "queryset"])
def test_listing_drops_a_deleted_profile(pair, how):
    alpha, beta = pair
    assert _ids() == [alpha.pk, beta.pk]

    if how == "service":
        organisation_delete(actor=None, organisation=alpha)
    elif how == "instance":
        alpha.delete()
    else:
        Organisation.objects.filter(pk=alpha.pk).delete()

    assert _ids() == [beta.pk]


def test_listing_shows_rows_of_a_bulk_create(pair):
    alpha, beta = pair
    assert _ids() == [alpha.pk, beta.pk]

    Organisation.objects.bulk_create([_unsaved("Gamma"), _unsaved("Delta", profile_visibility="private")])

    gamma = Organisation.objects.get(name="Gamma")
    assert _ids() == [alpha.pk, beta.pk, gamma.pk]


def test_listing_follows_a_field_the_filters_use(pair):
    _alpha, beta = pair
    assert _ids(country="DE") == []

    Organisation.objects.filter(pk=beta.pk).update(country="DE")

    assert _ids(country="DE") == [beta.pk]


def test_listing_follows_a_link_removed(pair):
    alpha, beta = pair
    alpha.domains.set(["games"])
    beta.domains.set(["games"])
    assert _ids(domain="games") == [alpha.pk, beta.pk]

    alpha.domains.clear()

    assert _ids(domain="games") == [beta.pk]


def test_listing_follows_a_link_added(pair):
    _alpha, beta = pair
    assert _ids(domain="games") == []

    beta.domains.add("games")

    assert _ids(domain="games") == [beta.pk]


# Who reads ------------------------------------------------------------------------------------------


@pytest.fixture
def audiences(db):
    return {
        "public": make("Public Studio"),
        "members": make("Members Studio", profile_visibility="members"),
        "private": make("Private Studio", profile_visibility="private"),
    }


def test_anonymous_reader_sees_public_profiles_only(audiences):
    assert _ids() == [audiences["public"].pk]


def test_signed_in_reader_sees_profiles_shared_with_members(audiences):
    assert _ids(UserFactory()) == [audiences["members"].pk, audiences["public"].pk]


def test_people_of_an_organisation_see_its_private_profile(audiences):
    person = MembershipFactory(organisation=audiences["private"]).user

    assert _ids(person) == [audiences["members"].pk, audiences["private"].pk, audiences["public"].pk]
    assert audiences["private"].pk not in _ids(UserFactory())
    assert audiences["private"].pk not in _ids()


def test_people_of_a_merged_organisation_still_see_it(audiences):
    merged = make("Merged Studio", merged_into=audiences["public"])
    person = MembershipFactory(organisation=merged).user

    assert merged.pk in _ids(person)
    assert merged.pk not in _ids(UserFactory())


def test_secretariat_sees_everything(audiences, secretariat):
    merged = make("Merged Studio", merged_into=audiences["public"])

    assert _ids(secretariat) == sorted(
        [*(o.pk for o in audiences.values()), merged.pk],
        key=lambda pk: Organisation.objects.get(pk=pk).name,
    )


def test_facet_counts_follow_the_reader(audiences, secretariat):
    def countries(user):
        _listing, counts = selectors.organisation_listing(
            user=user, filters=selectors.directory_filters(), with_counts=True
        )
        return counts["country"]

    assert countries(None) == {"PL": 1}
    assert countries(UserFactory()) == {"PL": 2}
    assert countries(secretariat) == {"PL": 3}


# Sort orders -------------------------------------------------------------------------------------


def test_name_order_is_name_then_id(db):
    cello = make("Cello")
    bass_first = make("Bass")
    accordion = make("Accordion")
    bass_second = make("Bass")

    assert _ids(sort="name") == [accordion.pk, bass_first.pk, bass_second.pk, cello.pk]


def test_newest_order_is_created_descending_then_id_descending(db):
    oldest, tied_low, tied_high, middle = make("Zither"), make("Accordion"), make("Bass"), make("Cello")
    base = timezone.now() - dt.timedelta(days=10)
    Organisation.objects.filter(pk=oldest.pk).update(created=base)
    Organisation.objects.filter(pk=middle.pk).update(created=base + dt.timedelta(days=1))
    Organisation.objects.filter(pk__in=[tied_low.pk, tied_high.pk]).update(created=base + dt.timedelta(days=2))

    assert _ids(sort="newest") == [tied_high.pk, tied_low.pk, middle.pk, oldest.pk]


def test_relevance_ranks_a_name_match_above_a_description_match(db):
    in_description = make("Harbour Works", description="We love puppetry in every form.")
    in_name = make("Puppetry Theatre", description="A theatre.")
    make("Unrelated Studio", description="Board games.")

    assert _ids(sort="relevance", q="puppetry") == [in_name.pk, in_description.pk]
    assert _ids(sort="name", q="puppetry") == [in_description.pk, in_name.pk]


def test_relevance_without_a_search_is_name_order(db):
    cello, accordion, bass = make("Cello"), make("Accordion"), make("Bass")

    assert _ids(sort="relevance") == [accordion.pk, bass.pk, cello.pk]


def test_listing_follows_a_rename_in_name_order(db):
    alpha, beta = make("Alpha"), make("Beta")
    assert _ids(sort="name") == [alpha.pk, beta.pk]

    Organisation.objects.filter(pk=alpha.pk).update(name="Zulu")

    assert _ids(sort="name") == [beta.pk, alpha.pk]


# Fetching the rows of a page ------------------------------------------------------------------------


def test_organisations_by_ids_keeps_the_order_and_drops_what_the_reader_may_not_see(db, secretariat):
    a, b, c = make("Alpha"), make("Beta", profile_visibility="private"), make("Gamma")
    missing = max(a.pk, b.pk, c.pk) + 1000

    assert [o.pk for o in selectors.organisations_by_ids(user=None, ids=[c.pk, b.pk, missing, a.pk])] == [
        c.pk,
        a.pk,
    ]
    assert [o.pk for o in selectors.organisations_by_ids(user=secretariat, ids=[c.pk, b.pk, a.pk])] == [
        c.pk,
        b.pk,
        a.pk,
    ]


def test_organisations_by_ids_rechecks_permissions_on_a_stale_listing(db):
    alpha, beta = make("Alpha"), make("Beta")
    listing, _counts = selectors.organisation_listing(user=None, filters=selectors.directory_filters())

    Organisation.objects.filter(pk=alpha.pk).update(profile_visibility="private")

    assert [o.pk for o in selectors.organisations_by_ids(user=None, ids=listing.ids)] == [beta.pk]


# Rebuilding -------------------------------------------------------------------------------------


def _linked(name: str) -> Organisation:
    organisation = make(name, region="Pomorskie", latitude=54.35, longitude=18.65)
    organisation.domains.set(["games", "design"])
    organisation.languages.set(["pl", "en"])
    organisation.sdgs.set([4, 8])
    return organisation


def _build_queries() -> int:
    changes.current_token()  # the token row exists (a fresh database creates it on the first read)
    with CaptureQueriesContext(connection) as queries:
        snapshot.build()
    return len(queries)


def test_rebuilding_costs_the_same_queries_for_1_and_3_organisations(db):
    _linked("Alpha")
    one = _build_queries()
    _linked("Beta")
    _linked("Gamma")

    assert _build_queries() == one


def test_snapshot_is_rebuilt_only_when_the_token_moves(db):
    make("Alpha")
    first = snapshot.snapshot_current()

    assert snapshot.snapshot_current() is first
    make("Beta")
    second = snapshot.snapshot_current()
    assert second is not first
    assert second.token == changes.current_token()
    assert second.size == 2


def test_a_built_snapshot_holds_what_the_database_holds(db):
    alpha = _linked("Alpha")
    beta = make("Beta", profile_visibility="private", is_verified=True)

    built = snapshot.build()

    assert list(built.ids) == sorted([alpha.pk, beta.pk])
    row = {int(pk): i for i, pk in enumerate(built.ids)}
    assert bool(built.verified[row[beta.pk]]) is True
    assert built.latitude[row[alpha.pk]] == pytest.approx(54.35)
    links = built.links["domain"]
    of_alpha = links.values[links.rows == row[alpha.pk]]
    assert sorted(links.codes.values[code] for code in of_alpha) == ["design", "games"]


# Transactions -----------------------------------------------------------------------------------


class RolledBackError(Exception):
    pass


def _rolled_back(work):
    """What `work` returned inside a transaction that was then rolled back."""
    seen = []

    def transaction_then_rollback():
        with transaction.atomic():
            seen.append(work())
            raise RolledBackError

    with pytest.raises(RolledBackError):
        transaction_then_rollback()
    return seen[0]


def test_rolled_back_rows_leave_the_listing(db):
    kept = make("Kept")
    assert _ids() == [kept.pk]

    ghost_pk, inside = _rolled_back(lambda: (make("Ghost").pk, _ids()))

    assert inside == [ghost_pk, kept.pk]  # the transaction's own listing saw its row
    assert _ids() == [kept.pk]
    assert not Organisation.objects.filter(pk=ghost_pk).exists()


def test_rolled_back_visibility_change_is_undone_in_the_listing(db):
    kept = make("Kept")
    assert _ids() == [kept.pk]

    def hide():
        Organisation.objects.filter(pk=kept.pk).update(profile_visibility="private")
        return _ids()

    assert _rolled_back(hide) == []
    assert _ids() == [kept.pk]


def test_rolled_back_transaction_on_a_fresh_token_row(db):
    """The token row itself is created inside the transaction and rolled back with it."""
    kept = make("Kept")
    ListingChange.objects.all().delete()

    assert len(_rolled_back(lambda: (make("Ghost"), _ids())[1])) == 2
    assert _ids() == [kept.pk]
