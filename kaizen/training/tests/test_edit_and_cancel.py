"""Changing courses and sessions, and calling a session off: everyone booked, offered a place
or waiting is told, and their places are released."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.accounts.roles import Role
from kaizen.activity.models import Notification
from kaizen.testing import make_member
from kaizen.training import services
from kaizen.training.models import Booking, Session
from kaizen.training.tests.helpers import make_course, make_session

pytestmark = pytest.mark.django_db

Clients = Callable[[User], Client]


def booked_and_waiting(org: Organisation, coach: User) -> tuple[Session, list[User]]:
    session = make_session(make_course(org), by=coach, capacity=1)
    people = [make_member(org, Role.STAFF, f"p{i}@riverside.example") for i in range(2)]
    for person in people:
        services.book(session=session, person=person, by=person)
    return session, people


def test_cancelling_a_session_tells_the_booked_and_the_waiting(
    org: Organisation, coach_user: User
) -> None:
    session, people = booked_and_waiting(org, coach_user)
    services.session_cancel(session=session, by=coach_user, reason="The trainer is unwell")
    told = Notification.objects.filter(kind="training_session_cancelled")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(p.pk for p in people)
    assert "The trainer is unwell" in told.first().text  # type: ignore[union-attr]
    assert set(session.bookings.values_list("status", flat=True)) == {Booking.Status.CANCELLED}


def test_a_cancelled_session_takes_no_bookings_and_cannot_be_cancelled_again(
    org: Organisation, coach_user: User, staff_user: User
) -> None:
    session = make_session(make_course(org), by=coach_user)
    services.session_cancel(session=session, by=coach_user)
    with pytest.raises(ValidationError, match="cancelled"):
        services.book(session=session, person=staff_user, by=staff_user)
    with pytest.raises(ValidationError, match="already cancelled"):
        services.session_cancel(session=session, by=coach_user)


def test_a_started_session_cannot_be_cancelled(org: Organisation, coach_user: User) -> None:
    session = make_session(make_course(org), by=coach_user)
    later = session.starts_at + dt.timedelta(minutes=1)
    with pytest.raises(ValidationError, match="has started"):
        services.session_cancel(session=session, by=coach_user, now=later)


def test_moving_a_session_tells_everyone_listed_but_a_new_capacity_does_not(
    org: Organisation, coach_user: User
) -> None:
    session, people = booked_and_waiting(org, coach_user)
    session.capacity = 3
    services.session_save(session=session, by=coach_user)
    assert not Notification.objects.filter(kind="training_session_changed").exists()
    session.place = "Library, room 4"
    services.session_save(session=session, by=coach_user)
    told = Notification.objects.filter(kind="training_session_changed")
    assert told.count() == len(people)
    assert "Library, room 4" in told.first().text  # type: ignore[union-attr]


def test_capacity_below_the_places_taken_is_refused_on_the_edit_page(
    org: Organisation, coach_user: User, client_for: Clients
) -> None:
    session, _ = booked_and_waiting(org, coach_user)
    starts = timezone.localtime(session.starts_at)
    data = {
        "starts_at": starts.strftime("%Y-%m-%d %H:%M"),
        "ends_at": (starts + dt.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
        "place": "Room 1",
        "capacity": "0",
    }
    url = f"/o/{org.slug}/training/sessions/{session.pk}/edit/"
    response = client_for(coach_user).post(url, data)
    assert response.status_code == 200
    assert "cannot be below that" in response.content.decode()


def test_coaches_cancel_from_the_session_page_and_staff_cannot(
    org: Organisation, coach_user: User, staff_user: User, client_for: Clients
) -> None:
    session = make_session(make_course(org), by=coach_user)
    url = f"/o/{org.slug}/training/sessions/{session.pk}/cancel/"
    assert client_for(staff_user).post(url, {"reason": ""}).status_code == 403
    page = client_for(coach_user).post(url, {"reason": "Room flooded"}, follow=True)
    assert "This session is cancelled: Room flooded" in page.content.decode()
    session.refresh_from_db()
    assert session.cancelled_at is not None


def test_a_cancel_reason_with_patient_details_is_refused(
    org: Organisation, coach_user: User, client_for: Clients
) -> None:
    session = make_session(make_course(org), by=coach_user)
    url = f"/o/{org.slug}/training/sessions/{session.pk}/cancel/"
    page = client_for(coach_user).post(url, {"reason": "NHS number 943 476 5919"}, follow=True)
    assert "NHS number" in page.content.decode()
    session.refresh_from_db()
    assert session.cancelled_at is None


def test_a_course_is_changed_and_cannot_need_itself(
    org: Organisation, coach_user: User, client_for: Clients
) -> None:
    foundation = make_course(org, rank=2)
    practitioner = make_course(org, rank=3, prerequisite=foundation)
    client = client_for(coach_user)
    url = f"/o/{org.slug}/training/courses/{foundation.pk}/edit/"
    data = {"title": "QI foundations", "tier": foundation.tier_id, "duration_hours": "7"}
    assert client.post(url, data).status_code == 302
    foundation.refresh_from_db()
    assert foundation.title == "QI foundations"
    looped = client.post(url, {**data, "prerequisite": practitioner.pk})
    assert "needs this course first" in looped.content.decode()
