"""Huddle boards, Stop-Doing campaigns, the stalled digest and the demo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.activity.models import Notification
from kaizen.ideas import boards, services, stopdoing
from kaizen.ideas.demo import load_demo_ideas
from kaizen.ideas.models import BoardAction, Campaign, Idea, Nomination
from kaizen.impact.models import ImpactEntry
from kaizen.testing import make_project

ClientFor = Callable[[User], Client]


@pytest.fixture
def ward(org: Organisation) -> OrgUnit:
    return OrgUnit.objects.create(organisation=org, name="Ward 3")


def old_idea(org: Organisation, by: User, unit: OrgUnit) -> Idea:
    idea = services.idea_raise(
        organisation=org, by=by, values={"problem": "Flat hoist", "unit": unit}
    )
    Idea.objects.filter(pk=idea.pk).update(raised_at=timezone.now() - dt.timedelta(days=10))
    return idea


def spring(org: Organisation, by: User, unit: OrgUnit | None = None) -> Campaign:
    """A campaign open today only."""
    today = timezone.localdate()
    return stopdoing.campaign_open(
        organisation=org,
        by=by,
        values={"title": "Spring", "unit": unit, "opens": today, "closes": today},
    )


BED_STATE = {
    "what": "Printing the bed state",
    "who_does_it": "Clerks",
    "times_per_week": Decimal(21),
    "minutes_each": 10,
    "why": "Nobody reads it",
}


def test_the_board_shows_open_ideas_by_kind_and_marks_stalled_ones(
    org: Organisation, ward: OrgUnit, staff_user: User, client_for: ClientFor
) -> None:
    old_idea(org, staff_user, ward)
    board = boards.board_for(ward)
    assert board.stalled == 1
    assert [(column.total, len(column.ideas)) for column in board.columns] == [
        (1, 1),
        (0, 0),
        (0, 0),
    ]
    page = client_for(staff_user).get(f"/o/riverside/ideas/boards/{ward.pk}/?wall=1")
    assert b"Stalled" in page.content and b'hx-trigger="every 60s"' in page.content
    partial = client_for(staff_user).get(
        f"/o/riverside/ideas/boards/{ward.pk}/?wall=1", HTTP_HX_REQUEST="true"
    )
    assert b"<html" not in partial.content and b"Flat hoist" in partial.content


def test_another_organisation_cannot_see_a_board_or_campaign(
    org: Organisation, ward: OrgUnit, leader_user: User, outsider: User, client_for: ClientFor
) -> None:
    campaign = spring(org, leader_user)
    client = client_for(outsider)
    assert client.get(f"/o/hillside/ideas/boards/{ward.pk}/").status_code == 404
    assert client.get(f"/o/hillside/ideas/stop-doing/{campaign.pk}/").status_code == 404


def test_a_new_action_cannot_be_due_in_the_past(
    org: Organisation, ward: OrgUnit, leader_user: User, staff_user: User, client_for: ClientFor
) -> None:
    with pytest.raises(ValidationError, match="past"):
        boards.action_add(
            unit=ward, by=leader_user, text="Label it", owner=staff_user, due=dt.date(2000, 1, 1)
        )
    action = boards.action_add(
        unit=ward, by=leader_user, text="Label it", owner=staff_user, due=timezone.localdate()
    )
    assert Notification.objects.get().recipient == staff_user
    done = client_for(staff_user).post(f"/o/riverside/ideas/actions/{action.pk}/done/")
    assert done["Location"] == f"/o/riverside/ideas/boards/{ward.pk}/"
    assert BoardAction.objects.get().done_at is not None


def test_the_digest_tells_deciders_once_a_day(
    org: Organisation, ward: OrgUnit, staff_user: User, leader_user: User
) -> None:
    old_idea(org, staff_user, ward)
    assert boards.stalled_digest(organisation=org) == 1
    assert boards.stalled_digest(organisation=org) == 0
    assert Notification.objects.get().recipient == leader_user


def test_a_decided_nomination_adds_its_hours_to_the_campaign_total(
    org: Organisation, staff_user: User, leader_user: User, client_for: ClientFor
) -> None:
    campaign = spring(org, leader_user)
    url = f"/o/riverside/ideas/stop-doing/{campaign.pk}/"
    refused = client_for(staff_user).post(url, {**BED_STATE, "minutes_each": "-5"})
    assert b"Minutes cannot be negative" in refused.content
    client_for(staff_user).post(url, BED_STATE)
    nomination = Nomination.objects.get()
    decide = f"/o/riverside/ideas/nominations/{nomination.pk}/decide/"
    client_for(leader_user).post(decide, {"decision": "stop", "reason": ""})
    assert Nomination.objects.get().decision == ""
    client_for(leader_user).post(
        decide, {"decision": "stop", "reason": "Agreed", "redeployed_to": "Falls"}
    )
    assert stopdoing.hours_released([campaign]) == Decimal("3.50")
    assert b"<strong>3.5</strong>" in client_for(staff_user).get(url).content
    assert (
        client_for(staff_user).post(decide, {"decision": "keep", "reason": "x"}).status_code == 403
    )


def test_a_campaign_must_close_after_it_opens(org: Organisation, leader_user: User) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        stopdoing.campaign_open(
            organisation=org,
            by=leader_user,
            values={"title": "Back", "opens": today, "closes": today - dt.timedelta(days=1)},
        )
    assert not Campaign.objects.exists()


def test_the_demo_has_hundreds_of_ideas_and_a_finished_campaign_and_loads_once(
    org: Organisation, staff_user: User, leader_user: User, ward: OrgUnit
) -> None:
    assert load_demo_ideas(org) == 300
    assert load_demo_ideas(org) == 0
    assert len({idea.status.kind for idea in Idea.objects.select_related("status")}) >= 5
    assert stopdoing.hours_released(Campaign.objects.all()) > 0


def test_the_overview_charts_engagement_with_spc(
    org: Organisation, staff_user: User, leader_user: User, ward: OrgUnit, client_for: ClientFor
) -> None:
    load_demo_ideas(org)
    page = client_for(staff_user).get("/o/riverside/ideas/overview/")
    assert page.status_code == 200
    assert page.content.count(b"data:image/svg+xml;base64,") == 4
    assert b"Median days to a first answer" in page.content


def test_a_stopped_activity_links_its_project_and_books_a_years_hours_on_the_ledger(
    org: Organisation,
    ward: OrgUnit,
    staff_user: User,
    leader_user: User,
    outsider: User,
    client_for: ClientFor,
) -> None:
    campaign = spring(org, leader_user, ward)
    stopped = stopdoing.nominate(campaign=campaign, by=staff_user, values=BED_STATE)
    kept = stopdoing.nominate(campaign=campaign, by=staff_user, values=BED_STATE)
    project = make_project(org, leader_user, title="Fewer falls")
    client = client_for(leader_user)
    client.post(
        f"/o/riverside/ideas/nominations/{stopped.pk}/decide/",
        {"decision": "stop", "reason": "Agreed", "redeployed_project": project.pk},
    )
    stopdoing.decide(nomination=kept, by=leader_user, decision="keep", reason="Needed")
    entry = ImpactEntry.objects.get()
    assert (entry.target, entry.amount, entry.amount_unit) == (stopped, Decimal("182.00"), "hours")
    assert (entry.kind, entry.unit) == (ImpactEntry.Kind.HOURS, ward)
    with pytest.raises(ValidationError, match="already decided"):
        stopdoing.decide(nomination=stopped, by=leader_user, decision="keep", reason="Changed")
    page = client_for(staff_user).get(stopped.get_absolute_url()).content.decode()
    assert f'<a href="{project.get_absolute_url()}">Fewer falls</a>' in page
    assert "182 hours</strong> (estimated)" in page
    campaign_page = client_for(staff_user).get(campaign.get_absolute_url()).content.decode()
    assert "182 hours</strong> (estimated)" in campaign_page
    assert (
        client_for(outsider)
        .get(stopped.get_absolute_url().replace("riverside", "hillside"))
        .status_code
        == 404
    )


def test_time_cannot_go_to_another_organisations_project(
    org: Organisation, other_org: Organisation, leader_user: User, outsider: User
) -> None:
    nomination = stopdoing.nominate(
        campaign=spring(org, leader_user), by=leader_user, values=BED_STATE
    )
    theirs = make_project(other_org, outsider, title="Theirs")
    with pytest.raises(ValidationError, match="this organisation's projects"):
        stopdoing.decide(
            nomination=nomination,
            by=leader_user,
            decision="stop",
            reason="Agreed",
            redeployed_project=theirs,
        )
