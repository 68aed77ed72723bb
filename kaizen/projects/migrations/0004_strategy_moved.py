# The projects' priority and tags now point at the strategy app's models, which took over the
# same tables (strategy 0001): a change of Django's state only, the database is untouched.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0003_move_conversation_to_activity"),
        ("strategy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="project",
                    name="priority",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        to="strategy.strategicpriority",
                        verbose_name="Strategic priority",
                    ),
                ),
                migrations.AlterField(
                    model_name="project",
                    name="tags",
                    field=models.ManyToManyField(
                        blank=True, related_name="projects", to="strategy.programmetag"
                    ),
                ),
                migrations.DeleteModel(name="StrategicPriority"),
                migrations.DeleteModel(name="ProgrammeTag"),
            ],
            database_operations=[],
        ),
    ]
