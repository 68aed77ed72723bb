# Strategic priorities and programme tags move here from the projects app. Only Django's idea of
# where the models live changes in this step: the tables stay as they are (0002 renames them), so
# no row is copied and Project.priority / Project.tags keep pointing at the same records.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0004_unit_verbose_name"),
        ("projects", "0002_verdict_unreadable"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="StrategicPriority",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=200)),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="strategic_priorities",
                                to="accounts.organisation",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name_plural": "strategic priorities",
                        "ordering": ["name"],
                        "db_table": "projects_strategicpriority",
                        "constraints": [
                            models.UniqueConstraint(
                                models.F("organisation"),
                                models.F("name"),
                                name="unique_priority_name",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ProgrammeTag",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=100)),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="programme_tags",
                                to="accounts.organisation",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["name"],
                        "db_table": "projects_programmetag",
                        "constraints": [
                            models.UniqueConstraint(
                                models.F("organisation"), models.F("name"), name="unique_tag_name"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
