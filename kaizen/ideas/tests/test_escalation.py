"""Ideas and huddle actions move up the hierarchy (escalated) and back down (handed back), each
move marked with its direction and reason on both boards; leaders hear daily what is stalled in
their own area; ideas credit their co-authors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from kaizen.accounts.models import Membership, Organisation, OrgUnit, User
from kaizen.activity.models import Notification
from kaizen.ideas import boards, escalation, services
from kaizen.ideas.models import BoardAction, Escalation, Idea, IdeaStatus

ClientFor = Callable[[User], Client]
BOARDS = "/o/riverside/ideas/boards/"


@pytest.fixture
def division(org: Organisation) -> OrgUnit:
    return OrgUnit.objects.create(organisation=org, name="Medicine")


@pytest.fixture
def ward(org: Organisation, division: OrgUnit) -> OrgUnit:
    return OrgUnit.objects.create(organisation=org, name="Ward 3", parent=division)


def test_an_idea_is_escalated_and_handed_back_each_way_marked(
    org: Organisation,
    ward: OrgUnit,
    division: OrgUnit,
    staff_user: User,
    leader_user: User,
    client_for: ClientFor,
) -> None:
    idea = services.idea_raise(
        organisation=org, by=staff_user, values={"problem": "No hoist sling", "unit": ward}
    )
    with pytest.raises(ValidationError, match="why"):
        escalation.idea_escalate(idea=idea, by=leader_user, to_unit=division, reason=" ")
    up = escalation.idea_escalate(
        idea=idea, by=leader_user, to_unit=division, reason="Needs the estates budget"
    )
    assert up.direction == Escalation.Direction.UP
    division_board = client_for(staff_user).get(f"{BOARDS}{division.pk}/").content.decode()
    assert (
        "Escalated from Ward 3" in division_board and "Needs the estates budget" in division_board
    )
    back = escalation.idea_escalate(
        idea=idea, by=leader_user, to_unit=ward, reason="Budget agreed: the ward orders it"
    )
    assert back.direction == Escalation.Direction.DOWN
    ward_board = client_for(staff_user).get(f"{BOARDS}{ward.pk}/").content.decode()
    assert "Handed back from Medicine" in ward_board
    assert (
        Notification.objects.filter(recipient=staff_user, kind=Notification.Kind.ESCALATED).count()
        == 2
    )
    detail = client_for(staff_user).get(idea.get_absolute_url()).content.decode()
    assert "Moves between boards" in detail and "Handed back" in detail


def test_an_action_is_escalated_by_a_decider_only_and_its_owner_hears(
    org: Organisation,
    ward: OrgUnit,
    division: OrgUnit,
    staff_user: User,
    leader_user: User,
    outsider: User,
    client_for: ClientFor,
) -> None:
    action = boards.action_add(
        unit=ward, by=leader_user, text="Order slings", owner=staff_user, due=timezone.localdate()
    )
    url = f"/o/riverside/ideas/actions/{action.pk}/escalate/"
    move = {"to_unit": division.pk, "reason": "Over the ward's spending limit"}
    assert client_for(staff_user).post(url, move).status_code == 403
    assert client_for(outsider).post(url.replace("riverside", "hillside"), move).status_code == 404
    refused = client_for(leader_user).post(url, {"to_unit": division.pk, "reason": ""}, follow=True)
    assert "Say why it moves." in refused.content.decode()
    client_for(leader_user).post(url, move)
    action.refresh_from_db()
    assert action.unit == division
    assert action.escalations.get().direction == Escalation.Direction.UP
    assert Notification.objects.filter(
        recipient=staff_user, kind=Notification.Kind.ESCALATED
    ).exists()
    board = client_for(leader_user).get(f"{BOARDS}{division.pk}/").content.decode()
    assert "Escalated from Ward 3" in board and "Order slings" in board


def test_only_the_unit_above_or_below_is_a_move(
    org: Organisation, ward: OrgUnit, leader_user: User, staff_user: User
) -> None:
    elsewhere = OrgUnit.objects.create(organisation=org, name="Surgery")
    action = boards.action_add(
        unit=ward, by=leader_user, text="Order slings", owner=staff_user, due=timezone.localdate()
    )
    with pytest.raises(ValidationError, match="unit above"):
        escalation.action_escalate(action=action, by=leader_user, to_unit=elsewhere, reason="x")


def stalled_idea(org: Organisation, by: User, unit: OrgUnit) -> Idea:
    idea = services.idea_raise(organisation=org, by=by, values={"problem": "Flat", "unit": unit})
    Idea.objects.filter(pk=idea.pk).update(raised_at=timezone.now() - dt.timedelta(days=8))
    return idea


def test_each_leader_hears_daily_of_what_is_stalled_in_their_own_area(
    org: Organisation,
    ward: OrgUnit,
    division: OrgUnit,
    staff_user: User,
    leader_user: User,
    coach_user: User,
    client_for: ClientFor,
) -> None:
    other_ward = OrgUnit.objects.create(organisation=org, name="Ward 9")
    Membership.objects.filter(user=leader_user).update(unit=division)
    stalled_idea(org, staff_user, ward)
    stalled_idea(org, staff_user, other_ward)
    BoardAction.objects.create(
        organisation=org,
        unit=ward,
        text="Fix the sign",
        owner=staff_user,
        created_by=leader_user,
        due=timezone.localdate() - dt.timedelta(days=1),
    )
    assert boards.stalled_digest(organisation=org) == 2
    assert boards.stalled_digest(organisation=org) == 0
    leaders = Notification.objects.get(recipient=leader_user)
    assert leaders.kind == Notification.Kind.STALLED
    assert "Stalled in Medicine: 1 ideas" in leaders.text and "1 actions overdue" in leaders.text
    assert (
        "Stalled in Riverside NHS Trust: 2 ideas"
        in Notification.objects.get(recipient=coach_user).text
    )
    page = client_for(leader_user).get(leaders.url).content.decode()
    assert "Fix the sign" in page and page.count("Flat") == 1


def test_co_authors_are_credited_may_reword_and_hear_the_answer(
    org: Organisation,
    staff_user: User,
    patient_user: User,
    leader_user: User,
    client_for: ClientFor,
) -> None:
    client = client_for(staff_user)
    refused = client.post(
        "/o/riverside/ideas/new/", {"problem": "Noisy bins", "co_authors": "x@y.z"}
    )
    assert "has the address x@y.z" in refused.content.decode()
    client.post(
        "/o/riverside/ideas/new/",
        {"problem": "Noisy bins", "co_authors": "Patient@riverside.example, "},
    )
    idea = Idea.objects.get()
    assert list(idea.co_authors.all()) == [patient_user]
    assert "Co-authors" in client.get(idea.get_absolute_url()).content.decode()
    services.idea_edit(idea=idea, by=patient_user, problem="Noisy bins at night", proposal="")
    with pytest.raises(ValidationError, match="authors"):
        services.idea_edit(idea=idea, by=leader_user, problem="Mine now", proposal="")
    services.idea_answer(
        idea=idea,
        by=leader_user,
        version=idea.version,
        status=IdeaStatus.objects.get(organisation=org, kind=IdeaStatus.Kind.UNDER_REVIEW),
        text="Looking at it",
    )
    assert Notification.objects.filter(
        recipient=patient_user, kind=Notification.Kind.IDEA_ANSWERED
    ).exists()
