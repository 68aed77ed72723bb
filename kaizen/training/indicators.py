"""The programme-health indicators that training feeds, each with its operational definition
(TrainingConfig.indicators; the programme app stores and refreshes them as computed measures).

Each reads the organisation's places on sessions (or its training records) once and counts them
by the unit of the person and by month, for each unit and for the whole organisation. A person
belongs to their unit as their membership stands now: someone who moves takes their training
with them, as the dosage does.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import NamedTuple

from django.utils import timezone

from kaizen.accounts.models import Membership, Organisation
from kaizen.measures.computed import Indicator, Point, counted
from kaizen.training.models import Booking, TrainingRecord


class Place(NamedTuple):
    """One person's place (or queue position) on a session, as the indicators read it."""

    unit_id: int | None
    held_in: dt.date  # the first day of the month the session starts in
    joined_in: dt.date  # the first day of the month the place was asked for
    hours: float
    waited: bool
    attendance: str


class Completion(NamedTuple):
    unit_id: int | None
    person_id: int
    completed_in: dt.date


def month_of(day: dt.date | dt.datetime) -> dt.date:
    if isinstance(day, dt.datetime):
        day = timezone.localdate(day)
    return day.replace(day=1)


def units_of_people(organisation: Organisation) -> dict[int, int | None]:
    return dict(
        Membership.objects.filter(organisation=organisation).values_list("user_id", "unit_id")
    )


def places(
    organisation: Organisation,
    *,
    starting: tuple[dt.datetime, dt.datetime] | None = None,
    present_only: bool = False,
) -> list[Place]:
    """Every place on the organisation's sessions; only those on sessions ``starting`` in
    [from, to) and marked present when a report needs no more (a big trust has 150,000)."""
    unit_of = units_of_people(organisation)
    bookings = Booking.objects.filter(session__course__organisation=organisation)
    if starting is not None:
        bookings = bookings.filter(
            session__starts_at__gte=starting[0], session__starts_at__lt=starting[1]
        )
    if present_only:
        bookings = bookings.filter(attendance=PRESENT)
    rows = bookings.values_list(
        "person_id",
        "session__starts_at",
        "session__ends_at",
        "created_at",
        "waited",
        "attendance",
    )
    # A session's places share its start: its month is worked out (a time-zone lookup) once.
    session_month = cache(month_of)
    return [
        Place(
            unit_of.get(person),
            session_month(starts),
            month_of(joined),
            (ends - starts).total_seconds() / 3600,
            waited,
            attendance,
        )
        for person, starts, ends, joined, waited, attendance in rows
    ]


def completions(organisation: Organisation) -> list[Completion]:
    unit_of = units_of_people(organisation)
    rows = TrainingRecord.objects.filter(organisation=organisation).values_list(
        "person_id", "completed_on"
    )
    return [Completion(unit_of.get(person), person, month_of(day)) for person, day in rows]


def _hours_attended(facts: list[Place]) -> Point:
    return Point(round(sum(p.hours for p in facts if p.attendance == PRESENT), 1))


def _attendance_rate(facts: list[Place]) -> Point | None:
    marked = [p for p in facts if p.attendance]
    if not marked:
        return None
    present = sum(1 for p in marked if p.attendance == PRESENT)
    return Point(present / len(marked), float(present), float(len(marked)))


def _waiting_joins(facts: list[Place]) -> Point:
    return Point(float(sum(1 for p in facts if p.waited)))


def _people(facts: list[Completion]) -> Point:
    return Point(float(len({c.person_id for c in facts})))


PRESENT = Booking.Attendance.PRESENT.value

TRAINING_INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        key="training-hours",
        name="Hours released for training",
        definition="The hours of training attended in the month: for each place marked "
        "present, the session's length from its start to its end, by the month the session "
        "starts and the attendee's unit. A month with none is zero.",
        unit_label="hours",
        chart="xmr",
        improvement="increase",
        compute=counted(places, lambda p: p.held_in, _hours_attended, zero_months=True),
    ),
    Indicator(
        key="training-attendance",
        name="Training attendance rate",
        definition="Of the places on sessions starting in the month whose attendance was "
        "marked (present, absent or cancelled late), the share marked present. No marked "
        "places: no point.",
        unit_label="%",
        chart="p",
        improvement="increase",
        compute=counted(places, lambda p: p.held_in, _attendance_rate, zero_months=False),
    ),
    Indicator(
        key="training-waiting-joins",
        name="Training waiting-list joins",
        definition="The number of people who asked for a place in the month and found the "
        "session full, so joined its waiting list: demand beyond the places offered. A month "
        "with none is zero.",
        unit_label="people",
        chart="xmr",
        improvement="neutral",
        compute=counted(places, lambda p: p.joined_in, _waiting_joins, zero_months=True),
    ),
    Indicator(
        key="training-people-trained",
        name="People completing training",
        definition="The number of different people with a training record (a course attended "
        "here, or training elsewhere entered or imported) completed in the month, at any tier. "
        "A month with none is zero.",
        unit_label="people",
        chart="xmr",
        improvement="increase",
        compute=counted(completions, lambda c: c.completed_in, _people, zero_months=True),
    ),
)
