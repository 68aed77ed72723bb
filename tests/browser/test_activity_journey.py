"""A coach follows a project, is @mentioned in a comment, finds it through the header's
Notifications link and reads it; an admin retries a task that failed: each page checked by
axe-core, at desktop width and on a 375px phone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from kaizen.accounts.models import Organisation, User
from kaizen.activity.models import FailedTask
from kaizen.projects.services import comment_add
from kaizen.testing import assert_accessible, make_project


@pytest.mark.parametrize("width", [1200, 375])
def test_a_coach_follows_a_project_and_reads_a_mention(
    signed_in_page: Callable[[User], Page],
    org: Organisation,
    staff_user: User,
    coach_user: User,
    admin_user: User,
    width: int,
) -> None:
    project = make_project(org, staff_user)
    page = signed_in_page(coach_user)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(project.get_absolute_url())
    page.get_by_role("button", name="Follow", exact=True).click()
    expect(page.get_by_role("button", name="Stop following")).to_be_visible()
    assert_accessible(page)

    comment_add(project=project, by=staff_user, body="@Coach can you check the night data?")
    page.goto("/o/riverside/")
    page.get_by_role("link", name="Notifications (1 unread)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(
        page.get_by_role("link", name="Staff mentioned you: @Coach can you check")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Mark as read").click()
    expect(page.get_by_text("New:")).to_have_count(0)

    FailedTask.objects.create(
        organisation=org,
        task_path="kaizen.activity.tasks.send_notification_email",
        kwargs={"notification_id": 0, "organisation_id": org.pk},
        attempts=5,
        error="smtplib.SMTPServerDisconnected: Connection unexpectedly closed",
    )
    admin = signed_in_page(admin_user)
    admin.set_viewport_size({"width": width, "height": 900})
    admin.goto("/o/riverside/tasks/failed/")
    expect(admin.get_by_text("Connection unexpectedly closed")).to_be_visible()
    assert_accessible(admin)
    admin.get_by_role("button", name="Retry task 1").click()
    expect(admin.get_by_text("No task has failed.")).to_be_visible()
