import pytest
from django.db import connection

from creativeports.directory.models import Organisation
from creativeports.directory.search import organisation_search, sqlite
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.unit, pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index")]


@pytest.mark.django_db
def test_ensure_triggers_restores_dropped_triggers_and_reindexes():
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {sqlite.FTS}_ai")
    OrganisationFactory(name="Bursztynowa Pracownia")  # not indexed while the trigger is missing

    restored = sqlite.ensure_triggers(connection)

    assert restored is True
    assert list(organisation_search(Organisation.objects.all(), "bursztynowa").values_list("name", flat=True)) == [
        "Bursztynowa Pracownia"
    ]
    assert sqlite.ensure_triggers(connection) is False
