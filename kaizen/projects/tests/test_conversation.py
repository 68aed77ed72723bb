"""Comments, @mentions, follows, record_event and the organisation-level inbox, on projects
and cycles (kaizen.activity used by the projects app)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.activity import services
from kaizen.activity.models import Activity, Notification, about
from kaizen.audit.models import AuditEvent
from kaizen.projects import services as projects
from kaizen.projects.models import TeamMember
from kaizen.testing import make_cycle, make_idea, make_project

ClientFor = Callable[[User], Client]


def test_record_event_writes_audit_feed_and_notifications_together(
    org: Organisation, staff_user: User, coach_user: User
) -> None:
    project = make_project(org, staff_user)
    services.follow(user=coach_user, organisation=org, target=project, following=True)
    services.record_event(
        actor=staff_user,
        organisation=org,
        target=project,
        text="Staff renamed the aim",
        changes={"aim_what": ["a", "b"]},
        notify_kind=Notification.Kind.COMMENT,
    )
    event = AuditEvent.objects.filter(target_id=str(project.pk)).latest("id")
    assert (event.summary, event.changes) == ("Staff renamed the aim", {"aim_what": ["a", "b"]})
    assert Activity.objects.filter(**about(project), text="Staff renamed the aim").exists()
    # The follower hears of it; the actor (also the lead) does not.
    assert [n.recipient for n in Notification.objects.filter(text="Staff renamed the aim")] == [
        coach_user
    ]


def test_project_changes_reach_the_audit_trail(
    org: Organisation, staff_user: User, coach_user: User
) -> None:
    project = make_project(org, staff_user)
    projects.team_member_add(project=project, by=staff_user, member=TeamMember(user=coach_user))
    projects.driver_add(project=project, parent=None, text="Night care", by=staff_user)
    kinds = set(AuditEvent.objects.filter(organisation=org).values_list("target_type", flat=True))
    assert {"projects.project", "projects.teammember", "projects.drivernode"} <= kinds


def test_comments_notify_followers_and_mentioned_members_only(
    org: Organisation,
    other_org: Organisation,
    staff_user: User,
    coach_user: User,
    leader_user: User,
    outsider: User,
) -> None:
    project = make_project(org, staff_user)
    body = "@Leader please look; and @admin@hillside.example, who is not a member here"
    projects.comment_add(project=project, by=coach_user, body=body)
    notes = {(n.recipient, n.kind) for n in Notification.objects.all()}
    assert notes == {(leader_user, "mention"), (staff_user, "comment")}
    # The commenter now follows the project and hears of the next comment.
    projects.comment_add(project=project, by=staff_user, body="Done")
    assert Notification.objects.filter(recipient=coach_user, kind="comment").count() == 1
    # Someone who stops following hears nothing more, even as the lead.
    services.follow(user=staff_user, organisation=org, target=project, following=False)
    projects.comment_add(project=project, by=coach_user, body="Thanks")
    assert Notification.objects.filter(recipient=staff_user, kind="comment").count() == 1
    assert not Notification.objects.filter(recipient=outsider).exists()


def test_following_through_the_page_and_another_organisations_record_is_404(
    org: Organisation, staff_user: User, coach_user: User, outsider: User, client_for: ClientFor
) -> None:
    project = make_project(org, staff_user)
    content_type = ContentType.objects.get_for_model(project).pk
    url = f"/o/riverside/follow/{content_type}/{project.pk}/"
    response = client_for(coach_user).post(url, {"following": "1", "next": "/o/riverside/"})
    assert response.status_code == 302
    assert services.is_following(coach_user, project)
    # Through the outsider's own organisation's URL, with this organisation's record.
    hijack = f"/o/hillside/follow/{content_type}/{project.pk}/"
    assert client_for(outsider).post(hijack, {"following": "1"}).status_code == 404
    assert client_for(outsider).post(url, {"following": "1"}).status_code == 404
    assert not services.is_following(outsider, project)


def test_the_inbox_lives_at_the_organisation_and_the_header_counts_unread(
    org: Organisation, staff_user: User, coach_user: User, client_for: ClientFor
) -> None:
    project = make_project(org, staff_user)
    projects.comment_add(project=project, by=coach_user, body="One")
    projects.comment_add(project=project, by=coach_user, body="Two")
    client = client_for(staff_user)
    assert "Notifications (2 unread)" in client.get("/o/riverside/").content.decode()
    first = Notification.objects.filter(recipient=staff_user).first()
    assert first is not None
    client.post("/o/riverside/notifications/", {"action": "read", "pk": first.pk})
    assert "Notifications (1 unread)" in client.get("/o/riverside/").content.decode()
    client.post("/o/riverside/notifications/", {"action": "read"})
    page = client.get("/o/riverside/notifications/").content.decode()
    assert "New:" not in page and "commented on the project" in page


def test_a_cycle_is_followed_and_commented_on_like_any_record(
    org: Organisation, staff_user: User, coach_user: User, client_for: ClientFor
) -> None:
    cycle = make_cycle(make_idea(make_project(org, staff_user), staff_user), staff_user)
    page = client_for(coach_user).get(cycle.get_absolute_url()).content.decode()
    assert ">Follow</button>" in page
    services.follow(user=coach_user, organisation=org, target=cycle, following=True)
    projects.comment_add(project=cycle.idea.project, by=staff_user, body="Nights?", cycle=cycle)
    note = Notification.objects.get(recipient=coach_user)
    assert (note.kind, note.url, note.target) == ("comment", cycle.get_absolute_url(), cycle)
    page = client_for(coach_user).get(cycle.get_absolute_url()).content.decode()
    assert ">Stop following</button>" in page


def test_driver_edits_reach_the_audit_trail_and_keep_fidelity_current(
    org: Organisation, staff_user: User
) -> None:
    project = make_project(org, staff_user)
    node = projects.driver_add(project=project, parent=None, text="Night care", by=staff_user)
    idea = make_idea(project, staff_user)
    projects.idea_place(idea=idea, driver=node, title=idea.title, by=staff_user)
    projects.driver_rename(node=node, text="Care at night", by=staff_user)
    renamed = AuditEvent.objects.get(target_type="projects.drivernode", action="update")
    assert renamed.changes == {"text": ["Night care", "Care at night"]}
    with_driver = project.fidelity
    projects.driver_delete(node=node, by=staff_user)
    project.refresh_from_db()
    assert project.fidelity < with_driver  # the "has a driver diagram" check no longer met
    assert AuditEvent.objects.filter(target_type="projects.drivernode", action="delete").exists()
