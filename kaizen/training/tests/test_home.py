"""Training's panel on the organisation's home page: one's tier and places, a freed place to
accept, and for coaches the sessions whose attendance is still to mark."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.training import services
from kaizen.training.models import Booking, Session
from kaizen.training.tests.helpers import make_course, make_session

pytestmark = pytest.mark.django_db

Clients = Callable[[User], Client]


def test_a_freed_place_and_unmarked_attendance_show_on_the_home_page(
    org: Organisation, coach_user: User, staff_user: User, client_for: Clients
) -> None:
    session = make_session(make_course(org), by=coach_user, capacity=1)
    services.book(session=session, person=coach_user, by=coach_user)
    services.book(session=session, person=staff_user, by=staff_user)
    services.cancel(booking=Booking.objects.get(person=coach_user), by=coach_user)
    home = client_for(staff_user).get(f"/o/{org.slug}/").content.decode()
    assert "A place is free for you on" in home
    assert "Attendance to mark" not in home

    started = timezone.now() - dt.timedelta(days=1)
    Session.objects.filter(pk=session.pk).update(
        starts_at=started, ends_at=started + dt.timedelta(hours=2)
    )
    Booking.objects.filter(person=staff_user).update(status=Booking.Status.BOOKED)
    coach_home = client_for(coach_user).get(f"/o/{org.slug}/").content.decode()
    assert "Attendance to mark" in coach_home and "1 place not marked" in coach_home
