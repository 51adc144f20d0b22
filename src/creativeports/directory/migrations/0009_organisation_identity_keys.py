from django.db import migrations, models

from creativeports.directory.identity import normalise_name, website_domain


def fill_keys(apps, schema_editor):
    """The keys of the organisations already in the register (new rows get them on save)."""
    Organisation = apps.get_model("directory", "Organisation")
    batch = []
    for organisation in Organisation.objects.only("pk", "name", "website").iterator(chunk_size=2000):
        organisation.name_key = normalise_name(organisation.name)[:200]
        organisation.website_key = website_domain(organisation.website)[:300]
        batch.append(organisation)
        if len(batch) == 2000:
            Organisation.objects.bulk_update(batch, ["name_key", "website_key"])
            batch = []
    Organisation.objects.bulk_update(batch, ["name_key", "website_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0008_import_job_intermediary"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="name_key",
            field=models.CharField(
                blank=True, db_index=True, editable=False, max_length=200, verbose_name="name for duplicate detection"
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="website_key",
            field=models.CharField(
                blank=True,
                db_index=True,
                editable=False,
                max_length=300,
                verbose_name="website host for duplicate detection",
            ),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
