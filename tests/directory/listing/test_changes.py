"""The directory's change token: every write path to what the directory shows moves it, reads never do."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from creativeports.directory import selectors
from creativeports.directory.listing import changes, snapshot
from creativeports.directory.models import ListingChange, Organisation, SocialLink
from creativeports.taxonomy.models import Country, OrganisationType
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.unit


def _moved(action: Callable[[], Any]) -> bool:
    """Whether `action` changed the token (read before and after, on the same connection)."""
    before = changes.current_token()
    action()
    return changes.current_token() != before


def _unsaved(name: str) -> Organisation:
    return Organisation(
        name=name,
        slug=name.lower().replace(" ", "-"),
        type=OrganisationType.objects.get(code="company"),
        country=Country.objects.get(code="PL"),
    )


def _save_renamed(organisation: Organisation) -> None:
    organisation.name = "Renamed Studio"
    organisation.save()


def _raw_update(organisation: Organisation) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Organisation._meta.db_table} SET region = %s WHERE id = %s",  # noqa: S608
            ["Pomorskie", organisation.pk],
        )


WRITES: dict[str, Callable[[Organisation], Any]] = {
    "save": _save_renamed,
    "save without changes": lambda o: o.save(),
    "queryset update": lambda o: Organisation.objects.filter(pk=o.pk).update(profile_visibility="private"),
    "raw SQL update": _raw_update,
    "delete": lambda o: o.delete(),
    "queryset delete": lambda o: Organisation.objects.filter(pk=o.pk).delete(),
    "bulk_create": lambda o: Organisation.objects.bulk_create([_unsaved("Bulk One"), _unsaved("Bulk Two")]),
    "create": lambda o: OrganisationFactory(),
    "social link created": lambda o: SocialLink.objects.create(
        organisation=o, platform="vimeo", url="https://vimeo.com/studio"
    ),
}


@pytest.mark.parametrize("write", list(WRITES), ids=list(WRITES))
def test_token_moves_on_every_write(organisation, write):
    assert _moved(lambda: WRITES[write](organisation))


# Django adds many-to-many links (and `bulk_create(ignore_conflicts=True)` inserts rows) with
# `INSERT OR IGNORE` on SQLite, and SQLite applies that conflict rule inside the triggers it fires:
# these cases guard the trigger against it.

LINK_ADDITIONS: dict[str, Callable[[Organisation], Any]] = {
    "domains.set": lambda o: o.domains.set(["games", "design"]),
    "domains.add": lambda o: o.domains.add("music"),
    "languages.set": lambda o: o.languages.set(["pl", "en"]),
    "sdgs.set": lambda o: o.sdgs.set([4, 8]),
    "nace_codes.set": lambda o: o.nace_codes.set(["32.12"]),
    "target_markets.set": lambda o: o.target_markets.set(["DE", "SE"]),
}


@pytest.mark.parametrize("write", list(LINK_ADDITIONS), ids=list(LINK_ADDITIONS))
def test_token_moves_when_links_are_added(organisation, write):
    assert _moved(lambda: LINK_ADDITIONS[write](organisation))


def test_token_moves_when_links_are_added_through_the_through_model(organisation):
    """The import's way: plain inserts into the link table (no conflict clause)."""
    through = Organisation.domains.through

    assert _moved(lambda: through.objects.bulk_create([through(organisation=organisation, ccidomain_id="games")]))


def test_token_moves_on_bulk_create_ignoring_conflicts(db):
    assert _moved(lambda: Organisation.objects.bulk_create([_unsaved("Bulk Three")], ignore_conflicts=True))


@pytest.mark.parametrize(
    ("relation", "values"),
    [
        ("domains", ["games"]),
        ("languages", ["pl"]),
        ("sdgs", [4]),
        ("nace_codes", ["32.12"]),
        ("target_markets", ["DE"]),
    ],
)
def test_token_moves_when_a_link_is_removed(organisation, relation, values):
    getattr(organisation, relation).set(values)

    assert _moved(lambda: getattr(organisation, relation).clear())


def test_token_moves_when_a_social_link_changes_or_goes(organisation):
    link = SocialLink.objects.create(organisation=organisation, platform="vimeo", url="https://vimeo.com/a")

    assert _moved(lambda: SocialLink.objects.filter(pk=link.pk).update(url="https://vimeo.com/b"))
    assert _moved(link.delete)


def test_token_stays_on_reads(organisation):
    organisation.domains.set(["games"])
    SocialLink.objects.create(organisation=organisation, platform="vimeo", url="https://vimeo.com/a")

    def read() -> None:
        list(Organisation.objects.prefetch_related("domains", "languages", "social_links"))
        listing, _counts = selectors.organisation_listing(
            user=None, filters=selectors.directory_filters(q="board", domain=["games"]), with_counts=True
        )
        selectors.organisations_by_ids(user=None, ids=listing.ids)
        selectors.organisation_get_visible(user=None, slug=organisation.slug)
        snapshot.build()

    assert not _moved(read)


def test_each_write_gives_a_new_token(organisation):
    seen = {changes.current_token()}
    for name in ("One", "Two", "Three"):
        organisation.name = name
        organisation.save()
        seen.add(changes.current_token())

    assert len(seen) == 4


def test_current_token_recreates_a_missing_row(db):
    ListingChange.objects.all().delete()

    token = changes.current_token()

    assert isinstance(token, str)
    assert token
    assert list(ListingChange.objects.values_list("id", "token")) == [(1, token)]
    assert changes.current_token() == token  # stable until the next write
    OrganisationFactory()
    assert changes.current_token() != token


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statement triggers")
def test_token_moves_on_truncate(organisation):
    SocialLink.objects.create(organisation=organisation, platform="vimeo", url="https://vimeo.com/a")

    def truncate() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # run the insert's deferred checks first
            cursor.execute(f"TRUNCATE {SocialLink._meta.db_table}")

    assert _moved(truncate)
    assert not SocialLink.objects.exists()


sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's row triggers")


@sqlite_only
@pytest.mark.django_db
def test_sqlite_trigger_names_cover_every_watched_table_and_operation():
    names = changes._sqlite_trigger_names()

    assert "directory_organisation_listing_ai" in names
    assert len(names) == 3 * len(changes.watched_tables())
    with connection.cursor() as cursor:
        present = {row[0] for row in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert set(names) <= present


@sqlite_only
@pytest.mark.django_db
def test_ensure_triggers_restores_a_dropped_trigger():
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER directory_organisation_listing_ai")
    # The drop is real: while the trigger is missing, an insert leaves the token as it was.
    assert not _moved(OrganisationFactory)

    restored = changes.ensure_triggers(connection)

    assert restored is True
    assert _moved(OrganisationFactory)
    assert changes.ensure_triggers(connection) is False


@sqlite_only
@pytest.mark.django_db
def test_ensure_triggers_on_intact_triggers_changes_nothing():
    assert changes.ensure_triggers(connection) is False
    assert _moved(OrganisationFactory)
