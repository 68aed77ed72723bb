"""Every events page, for every role: members read events, their follow-ups, photos and the
hours released; coaches and admins plan and change them and take their work forward (an
event's own team lead and coach too: test_spawn). Another organisation's admin reaches none of
it, under either organisation's address."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.accounts.roles import Role
from kaizen.events import services
from kaizen.events.models import Event, ReportOut, ReportPhoto
from kaizen.testing import make_member

pytestmark = pytest.mark.django_db

Clients = Callable[[User], Client]
STEWARDS = {Role.COACH, Role.ADMIN}
EVERYONE = set(Role)
# (method, path under /o/<org>/events/, the roles allowed, POST data)
MATRIX: list[tuple[str, str, set[Role], dict[str, str]]] = [
    ("get", "", EVERYONE, {}),
    ("get", "hours/", EVERYONE, {}),
    ("get", "new/", STEWARDS, {}),
    ("get", "preparation/", STEWARDS, {}),
    ("get", "{event}/", EVERYONE, {}),
    ("get", "{event}/edit/", STEWARDS, {}),
    ("post", "{event}/", STEWARDS, {"action": "checklist", "checklist-weeks_before": "1"}),
    ("post", "{event}/checklist/{item}/", STEWARDS, {}),
    ("get", "{event}/follow-ups/{follow_up}/", EVERYONE, {}),
    ("get", "{event}/photos/{photo}/", EVERYONE, {}),
    ("get", "{event}/take-forward/", STEWARDS, {}),
]


@pytest.fixture
def paths(org: Organisation, coach_user: User) -> dict[str, int]:
    start = dt.date(2024, 4, 1)
    event = services.event_create(
        event=Event(
            organisation=org,
            title="Discharge RPIW",
            unit=OrgUnit.objects.create(organisation=org, name="Larch Ward"),
            starts_on=start,
            ends_on=start + dt.timedelta(days=4),
        ),
        by=coach_user,
    )
    item = event.checklist.create(weeks_before=2, text="Book the room")
    report = ReportOut.objects.create(event=event, kind="daily", on=start, notes="Day one")
    photo = ReportPhoto.objects.create(
        report=report, image=b"\xff\xd8", alt_text="Board", width=1, height=1
    )
    follow_up = event.follow_ups.get(days=30)
    return {"event": event.pk, "item": item.pk, "photo": photo.pk, "follow_up": follow_up.pk}


def url(slug: str, path: str, paths: dict[str, int]) -> str:
    return f"/o/{slug}/events/" + path.format(**paths)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_reaches_what_it_may_and_no_more(
    org: Organisation, role: Role, paths: dict[str, int], client_for: Clients
) -> None:
    client = client_for(make_member(org, role, f"who-{role.value}@riverside.example"))
    wrong = []
    for method, path, allowed, data in MATRIX:
        status = getattr(client, method)(url(org.slug, path, paths), data).status_code
        if (status == 403) is (role in allowed) or status >= 500:
            wrong.append(f"{method.upper()} {path}: {status}")
    assert not wrong, f"{role}: {wrong}"


def test_another_organisations_admin_finds_nothing(
    org: Organisation, outsider: User, paths: dict[str, int], client_for: Clients
) -> None:
    client = client_for(outsider)
    for slug in (org.slug, "hillside"):
        statuses = {
            path: getattr(client, method)(url(slug, path, paths), data).status_code
            for method, path, _, data in MATRIX
            if "{" in path
        }
        assert set(statuses.values()) == {404}, (slug, statuses)
