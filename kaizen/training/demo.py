"""The demo trust's training: a course at every tier, two years of past sessions with their
places, attendance and waiting lists, coming sessions (one full, with a queue; one with a freed
place on offer; one cancelled), dosage targets and some units' staff in post. load_demo calls
load_demo_training(organisation); running it twice changes nothing.

Past sessions are written directly rather than through session_save and book, which refuse
dates in the past, as they should for people.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.training.models import (
    Booking,
    Course,
    DosageTarget,
    Headcount,
    Session,
    TrainingRecord,
)
from kaizen.training.services import tiers_install_defaults

COURSES = [
    ("Improvement in a morning", "Everyone, on induction", 3),
    ("QI foundations", "Staff starting a first project", 7),
    ("QI practitioner programme", "Project leads", 35),
    ("Improvement coach programme", "Aspiring coaches", 70),
    ("Lean for leaders", "Ward managers and service leads", 14),
    ("Board development: leading for quality", "Board members", 4),
    ("Patient partners in improvement", "Patients and carers joining project teams", 6),
]
WEEKS_OF_HISTORY = 104
HEADCOUNTS = {"Delivery Suite": 6, "Main Theatres": 8}


def load_demo_training(organisation: Organisation) -> None:
    if organisation.courses.exists():
        return
    tiers_install_defaults(organisation=organisation)
    tiers = list(organisation.tiers.all())
    courses: list[Course] = []
    for tier, (title, audience, hours) in zip(tiers, COURSES, strict=True):
        courses.append(
            Course.objects.create(
                organisation=organisation,
                tier=tier,
                title=title,
                audience=audience,
                duration_hours=Decimal(hours),
                teaches="Demo course, made up for the walkthrough.",
                prerequisite=courses[1] if tier.rank == 3 else None,
            )
        )
    people = list(User.objects.filter(memberships__organisation=organisation).order_by("pk"))
    noise = random.Random(organisation.slug)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for week in range(WEEKS_OF_HISTORY, 0, -3):
        course = courses[week % 3] if week % 2 else courses[noise.randrange(len(courses))]
        _past_session(course, now - dt.timedelta(weeks=week), people, noise)
    _coming_sessions(courses, now, people)
    _a_freed_place(courses[1], now, people)
    _a_cancelled_session(courses[4], now, people)
    for unit in OrgUnit.objects.filter(organisation=organisation, kind=OrgUnit.Kind.WARD):
        DosageTarget.objects.get_or_create(
            unit=unit, tier=tiers[1], defaults={"target_percent": 30}
        )
    # Staff in post where not everyone uses Kaizen: the rest count their members.
    for unit in OrgUnit.objects.filter(organisation=organisation, name__in=HEADCOUNTS):
        Headcount.objects.get_or_create(unit=unit, defaults={"staff": HEADCOUNTS[unit.name]})


def _past_session(
    course: Course, starts: dt.datetime, people: list[User], noise: random.Random
) -> None:
    session = Session.objects.create(
        course=course,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        place="Education Centre, room 2",
        capacity=noise.randint(4, 8),
    )
    wanted = noise.sample(people, noise.randint(3, min(len(people), 10)))
    for position, person in enumerate(wanted):
        has_place = position < session.capacity
        attended = has_place and noise.random() < 0.85
        Booking.objects.create(
            session=session,
            person=person,
            status=Booking.Status.BOOKED if has_place else Booking.Status.CANCELLED,
            waited=not has_place,
            attendance=(Booking.Attendance.PRESENT if attended else Booking.Attendance.ABSENT)
            if has_place
            else "",
            created_at=starts - dt.timedelta(days=14),
        )
        if attended:
            TrainingRecord.objects.create(
                organisation=course.organisation,
                person=person,
                tier=course.tier,
                course=course,
                title=course.title,
                completed_on=starts.date(),
                provider=course.organisation.name,
            )


def _coming_sessions(courses: list[Course], now: dt.datetime, people: list[User]) -> None:
    facilitator = next((p for p in people if p.email.startswith("coach@")), None)
    for offset, course in enumerate(courses):
        for weeks in (2 + offset, 8 + offset):
            starts = now + dt.timedelta(weeks=weeks, hours=offset)
            Session.objects.create(
                course=course,
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=3),
                place="Education Centre, room 1",
                capacity=12,
                facilitator=facilitator,
            )
    # The induction session a fortnight away is full, with two people waiting.
    full = courses[0].sessions.filter(starts_at__gt=now).first()
    assert full is not None
    full.capacity = 3
    full.save(update_fields=["capacity"])
    for position, person in enumerate(people[:5]):
        Booking.objects.create(
            session=full,
            person=person,
            status=Booking.Status.BOOKED if position < 3 else Booking.Status.WAITING,
            waited=position >= 3,
            created_at=now - dt.timedelta(days=5 - position),
        )


def _a_freed_place(course: Course, now: dt.datetime, people: list[User]) -> None:
    """A session where someone gave up their place: the first in line has it on offer."""
    starts = now + dt.timedelta(days=10)
    session = Session.objects.create(
        course=course,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=7),
        place="Online",
        online=True,
        capacity=2,
    )
    statuses = [
        Booking.Status.BOOKED,
        Booking.Status.CANCELLED,
        Booking.Status.OFFERED,
        Booking.Status.WAITING,
    ]
    for position, (person, status) in enumerate(zip(people[5:9], statuses, strict=True)):
        Booking.objects.create(
            session=session,
            person=person,
            status=status,
            waited=position >= 2,
            offer_expires_at=now + dt.timedelta(hours=30)
            if status == Booking.Status.OFFERED
            else None,
            created_at=now - dt.timedelta(days=9 - position),
        )


def _a_cancelled_session(course: Course, now: dt.datetime, people: list[User]) -> None:
    starts = now + dt.timedelta(days=5)
    session = Session.objects.create(
        course=course,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=4),
        place="Boardroom",
        capacity=10,
        cancelled_at=now - dt.timedelta(days=1),
        cancel_reason="The facilitator is on leave; the next session is in a month.",
    )
    for person in people[9:12]:
        Booking.objects.create(
            session=session,
            person=person,
            status=Booking.Status.CANCELLED,
            created_at=now - dt.timedelta(days=12),
        )
