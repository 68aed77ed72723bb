"""Places, waiting lists, freed places offered in turn, attendance and the tier it earns."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.accounts.roles import Role
from kaizen.activity.models import Notification
from kaizen.testing import make_member
from kaizen.training import services
from kaizen.training.models import Booking, Session, TrainingRecord
from kaizen.training.tests.helpers import make_course, make_session

pytestmark = pytest.mark.django_db


def people(org: Organisation, count: int) -> list[User]:
    return [make_member(org, Role.STAFF, f"p{i}@riverside.example") for i in range(count)]


def full_session(org: Organisation, coach: User) -> tuple[Session, list[User]]:
    session = make_session(make_course(org), by=coach, capacity=2)
    staff = people(org, 4)
    for person in staff:
        services.book(session=session, person=person, by=person)
    return session, staff


def test_places_then_the_waiting_list_in_order(org: Organisation, coach_user: User) -> None:
    session, _ = full_session(org, coach_user)
    statuses = [b.status for b in session.bookings.order_by("created_at", "pk")]
    assert statuses == ["booked", "booked", "waiting", "waiting"]
    assert session.bookings.filter(waited=True).count() == 2


def test_booking_twice_is_refused(org: Organisation, coach_user: User, staff_user: User) -> None:
    session = make_session(make_course(org), by=coach_user)
    services.book(session=session, person=staff_user, by=staff_user)
    with pytest.raises(ValidationError, match="already has a place"):
        services.book(session=session, person=staff_user, by=staff_user)
    assert session.bookings.count() == 1


def test_a_prerequisite_is_needed(org: Organisation, coach_user: User, staff_user: User) -> None:
    foundation = make_course(org, rank=2)
    practitioner = make_course(org, rank=3, prerequisite=foundation)
    session = make_session(practitioner, by=coach_user)
    with pytest.raises(ValidationError, match="needs to complete"):
        services.book(session=session, person=staff_user, by=staff_user)
    assert not session.bookings.exists()


def test_a_freed_place_is_offered_to_the_first_in_line(org: Organisation, coach_user: User) -> None:
    session, staff = full_session(org, coach_user)
    services.cancel(booking=session.bookings.get(person=staff[0]), by=staff[0])
    offered = session.bookings.get(person=staff[2])
    assert offered.status == Booking.Status.OFFERED
    assert offered.offer_expires_at is not None
    assert Notification.objects.filter(recipient=staff[2], kind="training_offer").exists()
    assert session.bookings.get(person=staff[3]).status == Booking.Status.WAITING
    services.accept(booking=offered, by=staff[2])
    offered.refresh_from_db()
    assert offered.status == Booking.Status.BOOKED


def test_an_unaccepted_offer_passes_on(org: Organisation, coach_user: User) -> None:
    session, staff = full_session(org, coach_user)
    services.cancel(booking=session.bookings.get(person=staff[0]), by=staff[0])
    later = timezone.now() + dt.timedelta(hours=services.OFFER_HOURS + 1)
    assert services.expire_due(now=later) == 1
    assert session.bookings.get(person=staff[2]).status == Booking.Status.CANCELLED
    assert session.bookings.get(person=staff[3]).status == Booking.Status.OFFERED
    with pytest.raises(ValidationError, match="no place on offer"):
        services.accept(booking=session.bookings.get(person=staff[2]), by=staff[2])


def test_the_offer_is_queued_for_its_deadline(
    org: Organisation, coach_user: User, django_capture_on_commit_callbacks: object
) -> None:
    from django_tasks_db.models import DBTaskResult

    session, staff = full_session(org, coach_user)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.cancel(booking=session.bookings.get(person=staff[0]), by=staff[0])
    queued = DBTaskResult.objects.filter(task_path="kaizen.training.tasks.expire_offer").get()
    assert queued.run_after is not None
    assert queued.run_after == session.bookings.get(person=staff[2]).offer_expires_at


def test_attendance_records_the_tier(org: Organisation, coach_user: User, staff_user: User) -> None:
    session = make_session(make_course(org, rank=2), by=coach_user)
    booking = services.book(session=session, person=staff_user, by=staff_user)
    with pytest.raises(ValidationError, match="once the session has started"):
        services.mark_attendance(session=session, marks={booking.pk: "present"}, by=coach_user)
    later = session.starts_at + dt.timedelta(hours=1)
    services.mark_attendance(
        session=session, marks={booking.pk: "present"}, by=coach_user, now=later
    )
    assert TrainingRecord.objects.filter(person=staff_user, course=session.course).count() == 1
    tier = services.person_tier(organisation=org, person=staff_user)
    assert tier is not None and tier.name == "Foundation"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"days": -1}, "starts in the past"),
        ({"hours": -4}, "end after it starts"),
    ],
)
def test_bad_sessions_are_refused(
    org: Organisation, coach_user: User, change: dict[str, int], message: str
) -> None:
    course = make_course(org)
    starts = timezone.now() + dt.timedelta(days=change.get("days", 3))
    ends = starts + dt.timedelta(hours=change.get("hours", 2))
    session = Session(course=course, starts_at=starts, ends_at=ends, place="R", capacity=3)
    with pytest.raises(ValidationError, match=message):
        services.session_save(session=session, by=coach_user)
    assert not Session.objects.exists()


def test_capacity_below_the_places_taken_is_refused(org: Organisation, coach_user: User) -> None:
    session, _ = full_session(org, coach_user)
    session.capacity = 1
    with pytest.raises(ValidationError, match="2 places are already taken"):
        services.session_save(session=session, by=coach_user)


def test_a_facilitator_cannot_be_in_two_places(org: Organisation, coach_user: User) -> None:
    course = make_course(org)
    make_session(course, by=coach_user, facilitator=coach_user)
    with pytest.raises(ValidationError, match="already facilitating"):
        make_session(course, by=coach_user, facilitator=coach_user)
