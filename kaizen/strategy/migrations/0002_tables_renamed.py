# The moved tables take the strategy app's names. A rename keeps every row and id, and the
# databases carry the foreign keys from projects_project and projects_project_tags along.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("strategy", "0001_initial"),
        ("projects", "0004_strategy_moved"),
    ]

    operations = [
        migrations.AlterModelTable(name="strategicpriority", table=None),
        migrations.AlterModelTable(name="programmetag", table=None),
    ]
