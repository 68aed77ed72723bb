"""Escalations say which way they went (up, or handed back down), and a huddle action can be
escalated as an idea can. Existing rows went down when they moved to a child of their unit."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def mark_handed_back(apps, schema_editor):
    Escalation = apps.get_model("ideas", "Escalation")
    for escalation in Escalation.objects.select_related("to_unit"):
        if escalation.to_unit.parent_id == escalation.from_unit_id:
            escalation.direction = "down"
            escalation.save(update_fields=["direction"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_sign_in_throttle_and_patient_data"),
        ("ideas", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="escalation",
            options={"ordering": ["at", "pk"]},
        ),
        migrations.AddField(
            model_name="escalation",
            name="action",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="escalations",
                to="ideas.boardaction",
            ),
        ),
        migrations.AddField(
            model_name="escalation",
            name="direction",
            field=models.CharField(
                choices=[("up", "Escalated"), ("down", "Handed back")], default="up", max_length=4
            ),
            preserve_default=False,
        ),
        migrations.RunPython(mark_handed_back, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="escalation",
            name="idea",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="escalations",
                to="ideas.idea",
            ),
        ),
        migrations.AddConstraint(
            model_name="escalation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("action__isnull", False), ("idea__isnull", True)),
                    models.Q(("action__isnull", True), ("idea__isnull", False)),
                    _connector="OR",
                ),
                name="escalation_moves_an_idea_or_an_action",
            ),
        ),
    ]
