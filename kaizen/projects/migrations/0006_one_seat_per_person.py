"""One team seat per person per project: later duplicate seats are folded into the first."""

from django.db import migrations, models


def fold_duplicate_seats(apps, schema_editor):  # type: ignore[no-untyped-def]
    TeamMember = apps.get_model("projects", "TeamMember")
    seen: set[tuple[int, int]] = set()
    for seat in TeamMember.objects.filter(user__isnull=False).order_by("joined_at", "pk"):
        key = (seat.project_id, seat.user_id)
        if key in seen:
            seat.delete()
        else:
            seen.add(key)


class Migration(migrations.Migration):
    dependencies = [("projects", "0005_changemark")]

    operations = [
        migrations.RunPython(fold_duplicate_seats, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="teammember",
            constraint=models.UniqueConstraint(
                condition=models.Q(user__isnull=False),
                fields=("project", "user"),
                name="one_seat_per_person_per_project",
            ),
        ),
    ]
