"""Measures' data-entry groups and board flag, and one measure per name in an organisation.

Measures that already share a name (ignoring case) are kept, data and all: every one after the
first is renamed "<name> (duplicate n)", and each rename is reported in the organisation's audit
trail and on the migration's output, so that someone merges or renames them knowingly.
"""

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


def rename_duplicates(apps, schema_editor):  # type: ignore[no-untyped-def]
    Measure = apps.get_model("measures", "Measure")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    taken = {(m.organisation_id, m.name.lower()) for m in Measure.objects.all()}
    seen: set[tuple[int, str]] = set()
    for measure in Measure.objects.order_by("organisation_id", "created_at", "pk"):
        key = (measure.organisation_id, measure.name.lower())
        if key not in seen:
            seen.add(key)
            continue
        number = 2
        while (measure.organisation_id, f"{measure.name} (duplicate {number})".lower()) in taken:
            number += 1
        old, measure.name = measure.name, f"{measure.name} (duplicate {number})"[:200]
        taken.add((measure.organisation_id, measure.name.lower()))
        measure.save(update_fields=["name"])
        summary = (
            f"Renamed a second measure called “{old}” to “{measure.name}”: names are unique now"
        )
        AuditEvent.objects.create(
            organisation_id=measure.organisation_id,
            actor_repr="Kaizen (migration)",
            action="update",
            target_type="measures.measure",
            target_id=str(measure.pk),
            target_repr=measure.name,
            changes={"name": [old, measure.name]},
            summary=summary,
        )
        print(f"\n  measure {measure.pk}: {summary}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_sign_in_throttle_and_patient_data"),
        ("audit", "0001_initial"),
        ("measures", "0009_measure_computed"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="measure",
            name="data_entry",
            field=models.ManyToManyField(
                blank=True,
                help_text="People who add its figures besides its owner and the owning team",
                related_name="data_entry_measures",
                to=settings.AUTH_USER_MODEL,
                verbose_name="data-entry group",
            ),
        ),
        migrations.AddField(
            model_name="measure",
            name="on_board",
            field=models.BooleanField(default=False, verbose_name="on the board's report"),
        ),
        migrations.RunPython(rename_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="measure",
            constraint=models.UniqueConstraint(
                models.F("organisation"),
                django.db.models.functions.text.Lower("name"),
                name="unique_measure_name_per_organisation",
                violation_error_message="The organisation already has a measure with this name",
            ),
        ),
    ]
