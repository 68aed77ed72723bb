"""The training's part of the weekly newsletter: the sessions of the four weeks after the
issue's week that still have places, with how many; never a full, cancelled, earlier, later or
another organisation's session, and no one named."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.engagement.newsletter import newsletter_draft, week_of
from kaizen.training import services
from kaizen.training.models import Course, Session
from kaizen.training.news import SECTION
from kaizen.training.tests.helpers import make_course

pytestmark = pytest.mark.django_db
WEEK = week_of(timezone.localdate())
# Sessions are made and booked as if before the issue's week, so its own days can have one.
BEFORE = timezone.make_aware(dt.datetime.combine(WEEK, dt.time(9))) - dt.timedelta(days=1)
NEXT_WEEK = BEFORE + dt.timedelta(days=8)


def _session(course: Course, by: User, starts: dt.datetime, *, capacity: int = 3) -> Session:
    session = Session(
        course=course,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        place="Education centre",
        capacity=capacity,
        facilitator=by,
    )
    return services.session_save(session=session, by=by, now=BEFORE)


def _book(session: Session, *people: User) -> None:
    for person in people:
        services.book(session=session, person=person, by=person, now=BEFORE)


def _draft(org: Organisation) -> list[dict[str, object]]:
    issue = newsletter_draft(organisation=org, week_start=WEEK)
    return [item for item in issue.items if item["section"] == SECTION]


def test_the_coming_sessions_with_places_left_are_in_the_draft(
    org: Organisation, coach_user: User, staff_user: User, leader_user: User
) -> None:
    course = make_course(org, audience="all staff")
    open_session = _session(course, coach_user, NEXT_WEEK)
    _book(open_session, staff_user, leader_user)
    full = _session(course, coach_user, NEXT_WEEK + dt.timedelta(days=1), capacity=2)
    _book(full, staff_user, leader_user)
    cancelled = _session(course, coach_user, NEXT_WEEK + dt.timedelta(days=2))
    services.session_cancel(session=cancelled, by=coach_user, reason="Room lost", now=BEFORE)
    _session(course, coach_user, BEFORE + dt.timedelta(days=3))  # in the issue's own week
    _session(course, coach_user, NEXT_WEEK + dt.timedelta(weeks=4))  # too far ahead

    items = _draft(org)

    assert [item["url"] for item in items] == [
        f"/o/{org.slug}/training/sessions/{open_session.pk}/"
    ]
    item = items[0]
    when = timezone.localtime(open_session.starts_at)
    assert item["title"] == f"{course.title}, {when:%A %-d %B %H:%M}"
    assert item["text"] == "1 place left. Education centre. For all staff."
    assert coach_user.display_name not in str(item["text"])


def test_another_organisations_sessions_are_not_in_the_draft(
    org: Organisation, other_org: Organisation, outsider: User
) -> None:
    _session(make_course(other_org), outsider, NEXT_WEEK)

    assert _draft(org) == []
