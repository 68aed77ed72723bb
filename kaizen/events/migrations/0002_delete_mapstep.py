from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        # Its rows moved to the Lean tools first.
        ("lean", "0002_map_steps_from_events"),
    ]

    operations = [migrations.DeleteModel(name="MapStep")]
