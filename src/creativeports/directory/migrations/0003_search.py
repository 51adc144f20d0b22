"""Full-text search indexes, per database: FTS5 + triggers on SQLite, tsvector + GIN + trigger on PostgreSQL.

Not expressed as model fields: the SQLite index is a virtual table and the PostgreSQL column exists
only there. See creativeports.directory.search.
"""

from django.db import migrations


def _backend(schema_editor):
    from creativeports.directory.search import postgres, sqlite

    vendor = schema_editor.connection.vendor
    return {"sqlite": sqlite, "postgresql": postgres}.get(vendor)


def install(apps, schema_editor):
    backend = _backend(schema_editor)
    if backend is not None:
        with schema_editor.connection.cursor() as cursor:
            backend.install(cursor)


def uninstall(apps, schema_editor):
    backend = _backend(schema_editor)
    if backend is not None:
        with schema_editor.connection.cursor() as cursor:
            backend.uninstall(cursor)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_organisation_location_approximate"),
    ]

    operations = [
        migrations.RunPython(install, uninstall, elidable=False),
    ]
