"""Who may do what in training: every role against every training page and action, written out
here rather than read from the role table, so a change to either shows; and another
organisation's member finds none of it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.accounts.roles import Role
from kaizen.testing import make_member
from kaizen.training import services
from kaizen.training.models import Booking, Session, TrainingRecord
from kaizen.training.tests.helpers import make_course, make_session

pytestmark = pytest.mark.django_db

Clients = Callable[[User], Client]

EVERYONE = frozenset(Role)
MANAGERS = frozenset({Role.COACH, Role.ADMIN})
NOMINATORS = frozenset({Role.COACH, Role.LEADER, Role.ADMIN})

# (method, path below /o/<org>/training/, who may) — {s} session, {c} course, {t} tier,
# {u} unit, {b} someone else's booking, {r} someone else's record.
MATRIX = [
    ("get", "", EVERYONE),
    ("get", "me/", EVERYONE),
    ("get", "courses/{c}/", EVERYONE),
    ("get", "sessions/{s}/", EVERYONE),
    ("get", "tiers/", EVERYONE),
    ("get", "dosage/", EVERYONE),
    ("get", "dosage/units/{u}/", EVERYONE),
    ("get", "hours/", EVERYONE),
    ("get", "demand/", EVERYONE),
    ("get", "courses/new/", MANAGERS),
    ("get", "courses/{c}/edit/", MANAGERS),
    ("get", "sessions/{s}/edit/", MANAGERS),
    ("post", "sessions/{s}/cancel/", MANAGERS),
    ("post", "sessions/{s}/attendance/", MANAGERS),
    ("post", "courses/{c}/", MANAGERS),
    ("get", "tiers/{t}/edit/", MANAGERS),
    ("post", "tiers/", MANAGERS),
    ("post", "tiers/{t}/move/", MANAGERS),
    ("get", "records/", MANAGERS),
    ("post", "records/import/", MANAGERS),
    ("get", "dosage/targets/", MANAGERS),
    ("get", "dosage/staff/", MANAGERS),
    ("post", "dosage/staff/import/", MANAGERS),
    ("post", "bookings/{b}/cancel/", MANAGERS),
    ("get", "records/{r}/certificate.pdf", MANAGERS),
    ("post", "sessions/{s}/nominate/", NOMINATORS),
    ("post", "sessions/{s}/book/", EVERYONE),
]


@pytest.fixture
def paths(org: Organisation, coach_user: User) -> dict[str, str]:
    session = make_session(make_course(org), by=coach_user, capacity=5)
    owner = make_member(org, Role.STAFF, "owner@riverside.example")
    booking = services.book(session=session, person=owner, by=owner)
    record = TrainingRecord.objects.create(
        organisation=org,
        person=owner,
        tier=org.tiers.get(rank=1),
        title="Induction",
        completed_on=dt.date(2024, 1, 2),
    )
    return {
        "s": str(session.pk),
        "c": str(session.course_id),
        "t": str(org.tiers.get(rank=2).pk),
        "u": str(OrgUnit.objects.create(organisation=org, name="Ward").pk),
        "b": str(booking.pk),
        "r": str(record.pk),
    }


def url(org: Organisation, path: str, paths: dict[str, str]) -> str:
    return f"/o/{org.slug}/training/" + path.format(**paths)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_reaches_what_it_may_and_no_more(
    org: Organisation, role: Role, paths: dict[str, str], client_for: Clients
) -> None:
    client = client_for(make_member(org, role, f"who-{role.value}@riverside.example"))
    wrong = []
    for method, path, allowed in MATRIX:
        status = getattr(client, method)(url(org, path, paths)).status_code
        if (status == 403) is (role in allowed):
            wrong.append(f"{method.upper()} {path}: {status}")
    assert not wrong, f"{role}: {wrong}"


def test_another_organisations_member_finds_nothing(
    org: Organisation, outsider: User, paths: dict[str, str], client_for: Clients
) -> None:
    client = client_for(outsider)
    statuses = {
        path: getattr(client, m)(url(org, path, paths)).status_code for m, path, _ in MATRIX
    }
    assert set(statuses.values()) == {404}, statuses


def test_only_the_person_offered_a_place_accepts_it(
    org: Organisation, coach_user: User, staff_user: User, client_for: Clients
) -> None:
    session = make_session(make_course(org), by=coach_user, capacity=1)
    services.book(session=session, person=coach_user, by=coach_user)
    waiting = services.book(session=session, person=staff_user, by=staff_user)
    services.cancel(booking=Booking.objects.get(person=coach_user), by=coach_user)
    accept = f"/o/{org.slug}/training/bookings/{waiting.pk}/accept/"
    assert client_for(coach_user).post(accept).status_code == 403
    assert client_for(staff_user).post(accept).status_code == 302
    assert Booking.objects.get(pk=waiting.pk).status == Booking.Status.BOOKED
    assert Session.objects.get(pk=session.pk).bookings.filter(status="booked").count() == 1
