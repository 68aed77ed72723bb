# The North Star now lives in the strategy app (strategy 0003 copied every organisation's text).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_unit_verbose_name"),
        ("strategy", "0003_north_star"),
    ]

    operations = [
        migrations.RemoveField(model_name="organisation", name="north_star"),
    ]
