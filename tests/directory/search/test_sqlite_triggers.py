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
