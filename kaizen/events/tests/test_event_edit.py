"""Changing an event's plan: a coach gives it a unit (whose huddle board its ideas then land
on) and moves its dates; the follow-ups not yet given move with its last day, and a length too
short for someone's release, or an end before the start, is refused with what to fix."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.events import services
from kaizen.events.models import Event, Participant, ReportOut

pytestmark = pytest.mark.django_db

START = dt.date(2024, 4, 1)


def test_a_coach_changes_the_plan_and_the_follow_ups_move_with_it(
    org: Organisation,
    coach_user: User,
    staff_user: User,
    client_for: Callable[[User], Client],
) -> None:
    event = services.event_create(
        event=Event(
            organisation=org,
            title="Discharge RPIW",
            starts_on=START,
            ends_on=START + dt.timedelta(4),
        ),
        by=coach_user,
    )
    Participant.objects.create(event=event, person=staff_user, release_hours=Decimal(100))
    given = event.follow_ups.get(days=30)
    given.report = ReportOut.objects.create(event=event, kind="30", on=given.due_on, notes="Held")
    given.save()
    ward = OrgUnit.objects.create(organisation=org, name="Larch Ward")
    url = f"/o/{org.slug}/events/{event.pk}/edit/"
    plan = {"title": "Discharge RPIW", "kind": "rpiw", "unit": ward.pk, "starts_on": "2024-04-01"}
    coach = client_for(coach_user)

    backwards = coach.post(url, {**plan, "ends_on": "2024-03-30"}).content.decode()
    assert "The event must end on or after the day it starts." in backwards
    too_short = coach.post(url, {**plan, "ends_on": "2024-04-03"}).content.decode()
    assert f"{staff_user} would be released for longer than the event" in too_short
    assert "3 days (72 hours); change their hours first." in too_short
    event.refresh_from_db()
    assert (event.unit, event.ends_on) == (None, START + dt.timedelta(4))

    assert coach.post(url, {**plan, "ends_on": "2024-04-07"}).status_code == 302
    event.refresh_from_db()
    assert (event.unit, event.ends_on) == (ward, dt.date(2024, 4, 7))
    dues = dict(event.follow_ups.values_list("days", "due_on"))
    # The 30-day follow-up was given on its day and stays; the others move two days on.
    assert dues == {
        30: dt.date(2024, 5, 5),
        60: dt.date(2024, 6, 6),
        90: dt.date(2024, 7, 6),
    }
    assert (
        "Change the plan"
        not in client_for(staff_user).get(f"/o/{org.slug}/events/{event.pk}/").content.decode()
    )
    assert client_for(staff_user).post(url, {**plan, "ends_on": "2024-04-09"}).status_code == 403
