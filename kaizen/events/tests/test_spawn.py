"""An event takes its work forward: from its week on, its team lead or coach raises ideas and
actions on the unit's huddle board and change ideas in projects, through the ideas and projects
apps' own services; the event's page lists each with its state now. Refused before the week,
without a board, with patient data, for people who neither manage events nor lead this one, and
across organisations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from kaizen.accounts.models import Membership, Organisation, OrgUnit, User
from kaizen.accounts.roles import Role
from kaizen.activity.models import Notification
from kaizen.audit.models import AuditEvent
from kaizen.events import services, spawning
from kaizen.events.models import Event, Spawn
from kaizen.ideas import boards
from kaizen.ideas.models import BoardAction, Idea, IdeaStatus
from kaizen.ideas.services import idea_answer
from kaizen.projects.models import ChangeIdea
from kaizen.testing import make_member, make_project

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NHS_NUMBER = "943 476 5919"


@pytest.fixture
def ward(org: Organisation) -> OrgUnit:
    return OrgUnit.objects.create(organisation=org, name="Larch Ward", kind=OrgUnit.Kind.WARD)


def make_event(
    org: Organisation, by: User, unit: OrgUnit | None, starts: dt.date = TODAY, **people: User
) -> Event:
    event = Event(
        organisation=org,
        title="Discharge RPIW",
        unit=unit,
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=4),
        **people,
    )
    return services.event_create(event=event, by=by)


def test_an_idea_lands_new_on_the_units_board_and_the_event_reads_its_answer(
    org: Organisation, ward: OrgUnit, coach_user: User, leader_user: User
) -> None:
    event = make_event(org, coach_user, ward)
    spawn = spawning.spawn_idea(
        event=event, by=coach_user, problem="Letters wait for the consultant", proposal="Nurses"
    )
    idea = Idea.objects.get()
    assert spawn.idea == idea and idea.board_unit == ward and idea.author == coach_user
    assert idea in boards.board_for(ward).columns[0].ideas
    # The ideas app's own audit ran, and the event's feed says what it raised.
    assert AuditEvent.objects.filter(
        target_type="ideas.idea", target_id=str(idea.pk), action="create"
    ).exists()
    [listed] = spawning.spawned_by(event)
    assert (listed.kind, listed.status, listed.closed) == ("Idea", "New", False)
    assert listed.where == "the Larch Ward huddle board"
    implemented = IdeaStatus.objects.get(organisation=org, kind=IdeaStatus.Kind.IMPLEMENTED)
    idea_answer(idea=idea, by=leader_user, version=1, status=implemented, text="Done on the ward")
    [listed] = spawning.spawned_by(event)
    assert (listed.status, listed.closed) == ("Implemented", True)


def test_an_action_is_given_to_its_owner_and_read_back_done(
    org: Organisation, ward: OrgUnit, coach_user: User, staff_user: User
) -> None:
    event = make_event(org, coach_user, ward)
    due = TODAY + dt.timedelta(days=7)
    spawning.spawn_action(
        event=event, by=coach_user, text="Order a second printer", owner=staff_user, due=due
    )
    action = BoardAction.objects.get()
    assert action.unit == ward
    assert Notification.objects.filter(recipient=staff_user, kind="action").exists()
    assert spawning.spawned_by(event)[0].status == f"Due {due:%-d %B %Y}"
    boards.action_done(action=action, by=staff_user)
    assert spawning.spawned_by(event)[0].status.startswith("Done on")
    assert spawning.spawned_by(event, today=due + dt.timedelta(1))[0].closed


def test_a_change_idea_goes_to_a_project_the_person_may_change(
    org: Organisation, ward: OrgUnit, coach_user: User, staff_user: User
) -> None:
    theirs = make_project(org, staff_user, title="Earlier discharges", lead=staff_user)
    other = make_project(org, coach_user, title="Falls", lead=coach_user)
    event = make_event(org, coach_user, ward, team_lead=staff_user)
    lead = Membership.objects.get(user=staff_user)
    assert spawning.projects_to_feed(lead, event) == [theirs]
    coach = Membership.objects.get(user=coach_user)
    assert {p.title for p in spawning.projects_to_feed(coach, event)} == {
        "Earlier discharges",
        "Falls",
    }
    spawning.spawn_change_idea(
        event=event, by=coach_user, project=other, title="Pharmacy first", description="Try it"
    )
    change = ChangeIdea.objects.get()
    assert change.project == other and "From the event “Discharge RPIW”" in change.description
    # The project the event already feeds comes first.
    assert [p.title for p in spawning.projects_to_feed(coach, event)] == [
        "Falls",
        "Earlier discharges",
    ]
    [listed] = spawning.spawned_by(event)
    assert (listed.kind, listed.status, listed.where) == (
        "Change idea",
        "Testing",
        "the project “Falls”",
    )


def test_refusals_name_what_to_fix_and_store_nothing(
    org: Organisation, other_org: Organisation, ward: OrgUnit, coach_user: User, outsider: User
) -> None:
    coming = make_event(org, coach_user, ward, starts=TODAY + dt.timedelta(days=3))
    with pytest.raises(ValidationError, match="from its week and its report-outs"):
        spawning.spawn_idea(event=coming, by=coach_user, problem="Too early")
    unplaced = make_event(org, coach_user, None)
    with pytest.raises(ValidationError, match="no unit, so there is no huddle board"):
        spawning.spawn_action(event=unplaced, by=coach_user, text="x", owner=coach_user, due=TODAY)
    running = make_event(org, coach_user, ward)
    with pytest.raises(ValidationError, match="NHS number"):
        spawning.spawn_idea(event=running, by=coach_user, problem=f"Patient NHS {NHS_NUMBER}")
    with pytest.raises(ValidationError, match="member of the organisation"):
        spawning.spawn_action(event=running, by=coach_user, text="x", owner=outsider, due=TODAY)
    elsewhere = make_project(other_org, outsider, title="Hillside's")
    with pytest.raises(ValidationError, match="this organisation's projects"):
        spawning.spawn_change_idea(event=running, by=coach_user, project=elsewhere, title="x")
    mine = make_project(org, coach_user, title="Ours")
    with pytest.raises(ValidationError, match="NHS number"):
        spawning.spawn_change_idea(
            event=running, by=coach_user, project=mine, title="x", description=NHS_NUMBER
        )
    assert not Spawn.objects.exists() and not Idea.objects.exists()
    assert not BoardAction.objects.exists() and not ChangeIdea.objects.exists()


def url(event: Event) -> str:
    return f"/o/{event.organisation.slug}/events/{event.pk}/take-forward/"


def test_the_events_lead_and_coach_and_stewards_raise_everyone_else_reads(
    org: Organisation,
    ward: OrgUnit,
    coach_user: User,
    staff_user: User,
    member_for: Callable[[Role], User],
    outsider: User,
    client_for: Callable[[User], Client],
) -> None:
    lead = make_member(org, Role.STAFF, "lead@riverside.example")
    event = make_event(org, coach_user, ward, team_lead=lead)
    idea = {"action": "idea", "idea-problem": "Beds wait for porters", "idea-proposal": ""}
    for role in Role:
        person = member_for(role)
        allowed = role in (Role.COACH, Role.ADMIN)
        assert client_for(person).get(url(event)).status_code == (200 if allowed else 403)
        assert client_for(person).post(url(event), idea).status_code == (302 if allowed else 403)
    assert client_for(lead).post(url(event), idea).status_code == 302
    assert Spawn.objects.count() == 3  # the coach's, the admin's and the lead's
    page = client_for(staff_user).get(f"/o/{org.slug}/events/{event.pk}/").content.decode()
    assert "Beds wait for porters" in page and "Raise an idea, an action" not in page
    follow_up = f"/o/{org.slug}/events/{event.pk}/follow-ups/{event.follow_ups.get(days=30).pk}/"
    assert "Raise an idea, an action" in client_for(lead).get(follow_up).content.decode()
    assert "Raise an idea, an action" not in client_for(staff_user).get(follow_up).content.decode()
    assert (
        client_for(outsider).get(f"/o/hillside/events/{event.pk}/take-forward/").status_code == 404
    )
    assert client_for(outsider).get(url(event)).status_code == 404


def test_the_forms_say_what_to_fix_and_offer_only_the_organisations_records(
    org: Organisation,
    other_org: Organisation,
    ward: OrgUnit,
    coach_user: User,
    outsider: User,
    client_for: Callable[[User], Client],
) -> None:
    event = make_event(org, coach_user, ward)
    elsewhere = make_project(other_org, outsider, title="Hillside's")
    make_project(org, coach_user, title="Ours")
    client = client_for(coach_user)
    page = client.post(url(event), {"action": "idea", "idea-problem": ""}).content.decode()
    assert "Say what the problem is." in page
    page = client.post(
        url(event), {"action": "idea", "idea-problem": f"Patient NHS {NHS_NUMBER}"}
    ).content.decode()
    assert "NHS number" in page
    posted = {
        "action": "action",
        "action-text": "Ring pharmacy",
        "action-owner": outsider.pk,
        "action-due": TODAY.isoformat(),
    }
    assert "Select a valid choice" in client.post(url(event), posted).content.decode()
    posted = {"action": "change", "change-project": elsewhere.pk, "change-title": "x"}
    assert "Select a valid choice" in client.post(url(event), posted).content.decode()
    page = client.post(url(event), {"action": "change", "change-title": ""}).content.decode()
    assert "Choose the project" in page and "Name the change idea." in page
    assert not Spawn.objects.exists()


def test_before_the_week_the_page_says_when_it_opens(
    org: Organisation, ward: OrgUnit, coach_user: User, client_for: Callable[[User], Client]
) -> None:
    event = make_event(org, coach_user, ward, starts=TODAY + dt.timedelta(days=10))
    page = client_for(coach_user).get(url(event)).content.decode()
    assert "Its team raises ideas and actions from its week" in page
    posted = {"action": "idea", "idea-problem": "Too early"}
    page = client_for(coach_user).post(url(event), posted).content.decode()
    assert "Its team raises ideas and actions from its week" in page
    assert not Spawn.objects.exists()
