"""Value-stream maps were an event's own rows (events.MapStep); they are now Lean tools that
attach to any record. Each event's steps move across, attached to their event."""

from django.db import migrations


def move_steps(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    OldStep = apps.get_model("events", "MapStep")
    NewStep = apps.get_model("lean", "MapStep")
    if not OldStep.objects.exists():
        return
    event_type, _ = ContentType.objects.get_or_create(app_label="events", model="event")
    NewStep.objects.bulk_create(
        NewStep(
            organisation_id=step.event.organisation_id,
            content_type=event_type,
            object_id=step.event_id,
            state=step.state,
            position=step.position,
            name=step.name,
            cycle_minutes=step.cycle_minutes,
            wait_minutes=step.wait_minutes,
            people=step.people,
            first_time_quality=step.first_time_quality,
        )
        for step in OldStep.objects.select_related("event")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("lean", "0001_initial"),
        ("events", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(move_steps, migrations.RunPython.noop)]
