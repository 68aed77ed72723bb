"""Two people taking the last place at the same moment: one gets it, the other waits. Needs
PostgreSQL's row locks (SQLite serialises all writes anyway), so it runs only there."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from kaizen.accounts.models import Organisation, User
from kaizen.accounts.roles import Role
from kaizen.testing import make_member
from kaizen.training import services
from kaizen.training.models import Booking
from kaizen.training.tests.helpers import make_course, make_session


@pytest.mark.django_db(transaction=True)
def test_the_last_place_goes_to_one_of_two(org: Organisation, coach_user: User) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's")
    session = make_session(make_course(org), by=coach_user, capacity=1)
    racers = [make_member(org, Role.STAFF, f"racer{i}@riverside.example") for i in range(2)]
    start = threading.Barrier(len(racers))
    errors: list[BaseException] = []

    def take(person: User) -> None:
        try:
            start.wait()
            services.book(session=session, person=person, by=person)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(person,)) for person in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    statuses = sorted(session.bookings.values_list("status", flat=True))
    assert statuses == [Booking.Status.BOOKED, Booking.Status.WAITING]
