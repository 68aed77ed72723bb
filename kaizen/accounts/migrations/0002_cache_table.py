from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Login throttling counts failures in the database cache; creating its table here means
    # `migrate` alone prepares a new installation (and every test database).
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
