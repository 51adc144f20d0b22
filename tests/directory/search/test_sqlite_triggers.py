import pytest
from django.db import connection

from creativeports.directory.search import search_hits, sqlite
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.unit, pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index")]


@pytest.mark.django_db
def test_ensure_triggers_restores_dropped_triggers_and_reindexes():
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {sqlite.FTS}_ai")
    organisation = OrganisationFactory(name="Bursztynowa Pracownia")  # not indexed while the trigger is missing

    restored = sqlite.ensure_triggers(connection)

    assert restored is True
    assert search_hits(["bursztynowa"])[0] == [organisation.pk]
    assert sqlite.ensure_triggers(connection) is False


@pytest.mark.django_db
def test_reinstall_reindexes_rows_indexed_without_folding():
    # As a database indexed before migration 0010: the row's texts in the index as they are.
    organisation = OrganisationFactory(name="Pracownia Łódź", city="Łódź")
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {sqlite.FTS}({sqlite.FTS}) VALUES ('rebuild')")  # noqa: S608  # constants
    assert search_hits(["lodz"])[0] == []

    with connection.cursor() as cursor:
        sqlite.reinstall(cursor)

    assert search_hits(["lodz"])[0] == [organisation.pk]
    # The delete trigger removes exactly what was indexed: nothing of the row is left to find.
    organisation.delete()
    assert search_hits(["lodz"])[0] == []
    assert search_hits(["pracownia"])[0] == []
