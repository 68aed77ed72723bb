"""Moving the projects app's comments, feed, notifications and preferences loses no row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("projects", "0002_verdict_unreadable"), ("activity", None)]
AFTER = [("projects", "0003_move_conversation_to_activity")]


@pytest.mark.django_db(transaction=True)
def test_the_move_to_the_activity_app_loses_no_row() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state([("projects", "0002_verdict_unreadable")]).apps
    org = old.get_model("accounts", "Organisation").objects.create(name="R", slug="r")
    user = old.get_model("accounts", "User").objects.create(email="a@r.example")
    method = old.get_model("projects", "ImprovementMethod").objects.create(
        organisation=org, key="mfi", name="MFI"
    )
    status = old.get_model("projects", "ProjectStatus").objects.create(
        organisation=org, name="Active", kind="active", order=1
    )
    project = old.get_model("projects", "Project").objects.create(
        organisation=org, method=method, status=status, title="Falls"
    )
    idea = old.get_model("projects", "ChangeIdea").objects.create(project=project, title="Rounds")
    cycle = old.get_model("projects", "PDSACycle").objects.create(
        idea=idea, title="Nights", objective="Try"
    )
    when = timezone.now() - dt.timedelta(days=3)
    comments = old.get_model("projects", "Comment").objects
    comments.create(project=project, author=user, body="On the project")
    comments.create(project=project, cycle=cycle, author=user, body="On the cycle")
    for i in range(3):
        old.get_model("projects", "Activity").objects.create(
            project=project, actor=user, text=f"Line {i}", created_at=when
        )
    old.get_model("projects", "Notification").objects.create(
        recipient=user, project=project, kind="joined", text="Hi", dedupe_key="k", created_at=when
    )
    old.get_model("projects", "NotificationPreference").objects.create(
        user=user, frequency="weekly"
    )

    executor = MigrationExecutor(connection)  # reload the graph, as `migrate` would
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Comment = new.get_model("activity", "Comment")
    assert sorted(Comment.objects.values_list("body", "content_type__model", "object_id")) == [
        ("On the cycle", "pdsacycle", cycle.pk),
        ("On the project", "project", project.pk),
    ]
    lines = new.get_model("activity", "Activity").objects.filter(organisation_id=org.pk)
    assert sorted(lines.values_list("text", flat=True)) == ["Line 0", "Line 1", "Line 2"]
    assert {line.created_at for line in lines} == {when}
    note = new.get_model("activity", "Notification").objects.get()
    assert (note.recipient_id, note.object_id, note.dedupe_key) == (user.pk, project.pk, "k")
    preference = new.get_model("activity", "NotificationPreference").objects.get()
    assert preference.frequency == "weekly"

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # leave the database as found
