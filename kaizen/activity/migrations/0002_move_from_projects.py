"""Copy the projects app's comments, activity feed, notifications and preferences into
kaizen.activity, attached to their project (or, for a cycle's comment, the cycle).

Rows are copied in id order with their timestamps; projects 0003 then drops the old tables.
"""

from typing import Any

from django.db import migrations

BATCH = 2000


def _content_type(apps: Any, alias: str, model: str) -> Any:
    content_types = apps.get_model("contenttypes", "ContentType").objects.db_manager(alias)
    return content_types.get_or_create(app_label="projects", model=model)[0]


def _copy(old_model: Any, new_model: Any, alias: str, convert: Any) -> None:
    rows = old_model.objects.using(alias).order_by("pk")
    batch = []
    for row in rows.iterator(chunk_size=BATCH):
        batch.append(convert(row))
        if len(batch) >= BATCH:
            new_model.objects.using(alias).bulk_create(batch)
            batch = []
    new_model.objects.using(alias).bulk_create(batch)


def forwards(apps: Any, schema_editor: Any) -> None:
    alias = schema_editor.connection.alias
    project_type = _content_type(apps, alias, "project")
    cycle_type = _content_type(apps, alias, "pdsacycle")
    Project = apps.get_model("projects", "Project")
    organisation_of = dict(Project.objects.using(alias).values_list("pk", "organisation_id"))

    def on_project(row: Any) -> dict[str, Any]:
        return {
            "organisation_id": organisation_of[row.project_id],
            "content_type": project_type,
            "object_id": row.project_id,
        }

    def comment(row: Any) -> Any:
        target = on_project(row)
        if row.cycle_id is not None:
            target.update(content_type=cycle_type, object_id=row.cycle_id)
        return apps.get_model("activity", "Comment")(
            author_id=row.author_id, body=row.body, created_at=row.created_at, **target
        )

    def feed_line(row: Any) -> Any:
        return apps.get_model("activity", "Activity")(
            actor_id=row.actor_id,
            text=row.text,
            url=row.url,
            created_at=row.created_at,
            **on_project(row),
        )

    def notification(row: Any) -> Any:
        return apps.get_model("activity", "Notification")(
            recipient_id=row.recipient_id,
            kind=row.kind,
            text=row.text,
            url=row.url,
            dedupe_key=row.dedupe_key,
            created_at=row.created_at,
            read_at=row.read_at,
            emailed_at=row.emailed_at,
            **on_project(row),
        )

    def preference(row: Any) -> Any:
        return apps.get_model("activity", "NotificationPreference")(
            user_id=row.user_id, frequency=row.frequency, next_digest_at=row.next_digest_at
        )

    for name, convert in [
        ("Comment", comment),
        ("Activity", feed_line),
        ("Notification", notification),
        ("NotificationPreference", preference),
    ]:
        _copy(apps.get_model("projects", name), apps.get_model("activity", name), alias, convert)


class Migration(migrations.Migration):
    dependencies = [
        ("activity", "0001_initial"),
        ("projects", "0002_verdict_unreadable"),
    ]

    # Backwards, projects 0003 recreates its tables empty and activity 0001 drops the copies:
    # going back is for development databases only.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
