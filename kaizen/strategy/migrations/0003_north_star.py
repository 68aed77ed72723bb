# The North Star moves from a field of accounts.Organisation to a record of its own here; every
# organisation gets one, holding the text it had (accounts 0005 then drops the old field).

import django.db.models.deletion
from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def copy_north_stars(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Organisation = apps.get_model("accounts", "Organisation")
    NorthStar = apps.get_model("strategy", "NorthStar")
    NorthStar.objects.bulk_create(
        NorthStar(organisation_id=pk, statement=text)
        for pk, text in Organisation.objects.values_list("pk", "north_star")
    )


def copy_back(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Organisation = apps.get_model("accounts", "Organisation")
    NorthStar = apps.get_model("strategy", "NorthStar")
    for organisation_id, statement in NorthStar.objects.values_list("organisation", "statement"):
        Organisation.objects.filter(pk=organisation_id).update(north_star=statement)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_unit_verbose_name"),
        ("strategy", "0002_tables_renamed"),
    ]

    operations = [
        migrations.CreateModel(
            name="NorthStar",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("statement", models.TextField(blank=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "organisation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="north_star",
                        to="accounts.organisation",
                    ),
                ),
            ],
        ),
        migrations.RunPython(copy_north_stars, copy_back),
    ]
