"""Reinstall the change-token triggers: on SQLite they now UPDATE the token row instead of an
upsert, which Django's `INSERT OR IGNORE` (adding many-to-many links) silently disabled."""

from django.db import migrations


def reinstall(apps, schema_editor):
    from creativeports.directory.listing import changes

    changes.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0005_import_job"),
    ]

    operations = [
        migrations.RunPython(reinstall, migrations.RunPython.noop, elidable=False),
    ]
