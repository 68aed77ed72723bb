"""Team life: comments, the activity feed, in-app and email notifications with each person's
frequency, and the send_notifications command that sends due digests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.activity.models import Notification, NotificationPreference
from kaizen.activity.outbox import send_due_digests
from kaizen.projects import services
from kaizen.projects.models import Project, TeamMember
from kaizen.testing import make_cycle, make_idea, make_project

ClientFor = Callable[[User], Client]


@pytest.fixture
def project(org: Organisation, staff_user: User) -> Project:
    return make_project(org, staff_user)


def join(project: Project, by: User, who: User) -> None:
    services.team_member_add(project=project, by=by, member=TeamMember(user=who, role="Nurse"))


def test_comments_appear_on_the_project_and_in_the_feed(
    project: Project, staff_user: User, client_for: ClientFor
) -> None:
    client = client_for(staff_user)
    url = project.get_absolute_url()
    client.post(url + "comments/", {"body": "Ward 8 wants to join"})
    cycle = make_cycle(make_idea(project, staff_user), staff_user)
    client.post(f"/o/riverside/projects/cycles/{cycle.pk}/comments/", {"body": "Try nights"})
    page = client.get(url).content.decode()
    assert "Ward 8 wants to join" in page
    assert "commented on the project" in page
    assert "commented on cycle 1 of “Intentional rounding”" in page
    assert "Try nights" in client.get(cycle.get_absolute_url()).content.decode()


def test_an_empty_comment_is_refused(project: Project, staff_user: User) -> None:
    with pytest.raises(ValidationError):
        services.comment_add(project=project, by=staff_user, body="   ")


def test_immediate_notifications_are_emailed_at_once(
    project: Project,
    staff_user: User,
    coach_user: User,
    django_capture_on_commit_callbacks: Any,
    immediate_tasks: None,
) -> None:
    NotificationPreference.objects.create(user=staff_user, frequency="immediately")
    # Email goes once the change commits (the test's transaction never does: run the hooks).
    with django_capture_on_commit_callbacks(execute=True):
        join(project, coach_user, coach_user)
    assert len(mail.outbox) == 1
    assert "joined the team" in mail.outbox[0].body
    assert mail.outbox[0].to == [staff_user.email]
    assert Notification.objects.get(recipient=staff_user).emailed_at is not None


def test_digests_go_once_per_period_to_those_who_want_them(
    project: Project, staff_user: User, coach_user: User, leader_user: User
) -> None:
    join(project, staff_user, coach_user)  # the lead added them: nobody else to tell
    join(project, coach_user, leader_user)  # only the lead is told
    NotificationPreference.objects.update_or_create(
        user=coach_user, defaults={"frequency": "never"}
    )
    now = timezone.now()
    assert send_due_digests(now=now) == 1
    assert [m.to for m in mail.outbox] == [[staff_user.email]]
    assert "Leader joined the team as Nurse" in mail.outbox[0].body
    # Not again until the next day, even with something new.
    join(project, leader_user, User.objects.create_user("new@riverside.example", "x"))
    assert send_due_digests(now=now + dt.timedelta(hours=1)) == 0
    assert send_due_digests(now=now + dt.timedelta(days=1, minutes=1)) == 1
    assert len(mail.outbox) == 2
    assert Notification.objects.filter(recipient=coach_user, emailed_at=None).count() == 1
    assert not Notification.objects.filter(recipient=leader_user, text__contains="Leader joined")


def test_the_command_notifies_cycles_due_for_study_once(
    project: Project, staff_user: User, coach_user: User
) -> None:
    cycle = make_cycle(make_idea(project, staff_user), staff_user)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    services.cycle_update(
        cycle=cycle,
        by=staff_user,
        version=cycle.version,
        values={"started_on": yesterday - dt.timedelta(days=6), "study_due": yesterday},
    )
    call_command("send_notifications")
    call_command("send_notifications")
    due = Notification.objects.filter(kind="cycle_due")
    assert [(n.recipient, n.text) for n in due] == [
        (staff_user, "Cycle 1 of “Intentional rounding” is due for study")
    ]
    assert len(mail.outbox) == 1  # the lead's daily digest
    assert "due for study" in mail.outbox[0].body


def test_people_choose_their_frequency_and_read_their_notifications(
    project: Project, staff_user: User, coach_user: User, client_for: ClientFor
) -> None:
    join(project, coach_user, coach_user)
    client = client_for(staff_user)
    assert "Your notifications (1 new)" in client.get("/o/riverside/projects/").content.decode()
    url = "/o/riverside/notifications/"
    page = client.get(url).content.decode()
    assert "New:" in page and "Coach joined the team" in page
    client.post(url, {"frequency": "weekly"})
    assert NotificationPreference.objects.get(user=staff_user).frequency == "weekly"
    client.post(url, {"action": "read"})
    assert Notification.objects.get(recipient=staff_user).read_at is not None


def test_notifications_stay_within_their_organisation(
    project: Project, staff_user: User, coach_user: User, outsider: User, client_for: ClientFor
) -> None:
    join(project, coach_user, coach_user)
    page = client_for(outsider).get("/o/hillside/notifications/").content.decode()
    assert "joined the team" not in page
