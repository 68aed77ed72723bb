"""Events' programme indicators on constructed records: events started and hours released by
the event's unit and month, follow-ups given on time, and follow-ups finding the gain held;
registered with the programme's indicators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kaizen import registry
from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.events import services
from kaizen.events.indicators import EVENT_INDICATORS
from kaizen.events.models import Event, FollowUp, Participant, ReportOut
from kaizen.measures.computed import Point

pytestmark = pytest.mark.django_db

MARCH, APRIL, MAY = dt.date(2024, 3, 1), dt.date(2024, 4, 1), dt.date(2024, 5, 1)
MONTHS = [MARCH, APRIL, MAY]


def compute(org: Organisation, key: str, unit: OrgUnit) -> dict[object, dict[dt.date, Point]]:
    indicator = next(i for i in EVENT_INDICATORS if i.key == key)
    figures = indicator.compute(org, MONTHS, [unit.pk])
    return {"all": dict(figures[None]), "unit": dict(figures[unit.pk])}


def plan(org: Organisation, by: User, unit: OrgUnit | None, starts: dt.date) -> Event:
    event = Event(organisation=org, title="RPIW", unit=unit, starts_on=starts, ends_on=starts)
    return services.event_create(event=event, by=by)


def test_events_and_hours_count_by_unit_and_first_day(
    org: Organisation, coach_user: User, staff_user: User
) -> None:
    ward = OrgUnit.objects.create(organisation=org, name="Ward 7")
    first = plan(org, coach_user, ward, dt.date(2024, 4, 8))
    plan(org, coach_user, None, dt.date(2024, 4, 22))
    Participant.objects.create(event=first, person=staff_user, release_hours=Decimal("37.5"))
    events = compute(org, "events-held", ward)
    assert events["all"] == {MARCH: Point(0.0), APRIL: Point(2.0), MAY: Point(0.0)}
    assert events["unit"][APRIL] == Point(1.0)
    hours = compute(org, "event-hours-released", ward)
    assert hours["unit"][APRIL] == Point(37.5) and hours["all"][MAY] == Point(0.0)


def test_follow_ups_on_time_and_gains_held_are_shares(org: Organisation, coach_user: User) -> None:
    ward = OrgUnit.objects.create(organisation=org, name="Ward 7")
    event = plan(org, coach_user, ward, dt.date(2024, 2, 20))  # follow-ups due 21 March...
    thirty, sixty, _ = event.follow_ups.all()
    on_time = ReportOut.objects.create(
        event=event, kind="30", on=thirty.due_on, notes="x", findings=[{"verdict": "held"}]
    )
    FollowUp.objects.filter(pk=thirty.pk).update(report=on_time)
    late = ReportOut.objects.create(
        event=event,
        kind="60",
        on=sixty.due_on + dt.timedelta(days=3),
        notes="x",
        findings=[{"verdict": "held"}, {"verdict": "slipping"}],
    )
    FollowUp.objects.filter(pk=sixty.pk).update(report=late)
    timely = compute(org, "follow-ups-on-time", ward)
    # Due in March (given on time) and April (late); the 90-day one is due in May, not given.
    assert timely["unit"] == {
        MARCH: Point(1.0, 1.0, 1.0),
        APRIL: Point(0.0, 0.0, 1.0),
        MAY: Point(0.0, 0.0, 1.0),
    }
    held = compute(org, "event-gains-held", ward)
    assert held["all"] == {MARCH: Point(1.0, 1.0, 1.0), APRIL: Point(0.0, 0.0, 1.0)}


def test_the_programme_refreshes_events_indicators() -> None:
    keys = {indicator.key for indicator in registry.indicators()}
    assert {indicator.key for indicator in EVENT_INDICATORS} <= keys
