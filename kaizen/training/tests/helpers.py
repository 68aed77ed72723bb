"""Builders for training tests: a course with a session through the services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.training import services
from kaizen.training.models import Booking, Course, Session


def make_course(organisation: Organisation, *, rank: int = 1, **fields: object) -> Course:
    services.tiers_install_defaults(organisation=organisation)
    tier = organisation.tiers.get(rank=rank)
    return Course.objects.create(
        organisation=organisation, tier=tier, title=f"Course at {tier}", **fields
    )


def make_session(
    course: Course, *, by: User, capacity: int = 2, days: int = 7, **fields: object
) -> Session:
    starts = timezone.now() + dt.timedelta(days=days)
    session = Session(
        course=course,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        place="Room 1",
        capacity=capacity,
        **fields,
    )
    return services.session_save(session=session, by=by)


def held(course: Course, day: dt.date, hours: int, marks: list[tuple[User, str, bool]]) -> None:
    """A past session of ``hours`` on ``day`` with places marked (person, attendance, waited)."""
    starts = dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC)
    session = Session.objects.create(
        course=course,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=hours),
        place="Room 1",
        capacity=10,
    )
    for person, attendance, waited in marks:
        Booking.objects.create(
            session=session,
            person=person,
            status=Booking.Status.BOOKED,
            attendance=attendance,
            waited=waited,
            created_at=starts - dt.timedelta(days=3),
        )
