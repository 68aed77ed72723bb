"""Hours released for improvement per unit and month: events' released hours (for the event's
unit, in the month it starts) beside training's attended hours (for the attendee's unit), both
rolled up the hierarchy, their total, the page every member reads (and no one else), and the
programme indicator that adds the two."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from kaizen.accounts.models import Membership, Organisation, OrgUnit, User
from kaizen.events import services
from kaizen.events.hours import improvement_hours
from kaizen.events.indicators import EVENT_INDICATORS
from kaizen.events.models import Event, Participant
from kaizen.measures.computed import Point
from kaizen.training.tests.helpers import held, make_course

pytestmark = pytest.mark.django_db

THIS_MONTH = timezone.localdate().replace(day=1)
LAST_MONTH = (THIS_MONTH - dt.timedelta(days=1)).replace(day=1)


@pytest.fixture
def released(org: Organisation, coach_user: User, staff_user: User) -> dict[str, OrgUnit]:
    """Medicine > Larch Ward. This month: a ward event releasing 10 hours and a division event
    releasing 5; a 3-hour session the ward's nurse attended and a 2-hour one attended by a
    member with no unit. Last month: a 4-hour ward event."""
    division = OrgUnit.objects.create(organisation=org, name="Medicine")
    ward = OrgUnit.objects.create(organisation=org, parent=division, name="Larch Ward")
    for unit, month, hours in (
        (ward, THIS_MONTH, 10),
        (division, THIS_MONTH, 5),
        (ward, LAST_MONTH, 4),
    ):
        event = services.event_create(
            event=Event(
                organisation=org, title=f"{unit} RPIW", unit=unit, starts_on=month, ends_on=month
            ),
            by=coach_user,
        )
        Participant.objects.create(event=event, person=staff_user, release_hours=Decimal(hours))
    Membership.objects.filter(user=staff_user).update(unit=ward)
    course = make_course(org)
    held(course, THIS_MONTH, 3, [(staff_user, "present", False)])
    held(course, THIS_MONTH, 2, [(coach_user, "present", False), (staff_user, "absent", False)])
    return {"division": division, "ward": ward}


def test_events_and_training_roll_up_the_hierarchy_and_add_up(
    org: Organisation, released: dict[str, OrgUnit]
) -> None:
    rows = improvement_hours(org, [LAST_MONTH, THIS_MONTH])
    by_name = {row.unit.name if row.unit else None: row for row in rows}
    assert [row.unit for row in rows] == [None, released["division"], released["ward"]]
    ward, division, everyone = by_name["Larch Ward"], by_name["Medicine"], by_name[None]
    assert (ward.events, ward.training, ward.total) == ([4.0, 10.0], [0.0, 3.0], [4.0, 13.0])
    assert (division.events, division.training) == ([4.0, 15.0], [0.0, 3.0])
    assert (everyone.events, everyone.training, everyone.total) == (
        [4.0, 15.0],
        [0.0, 5.0],
        [4.0, 20.0],
    )
    assert everyone.lines[2] == ("Total", [4.0, 20.0], 24.0)
    assert ward.depth == 1 and division.depth == 0


def test_the_combined_indicator_counts_both_by_their_own_units(
    org: Organisation, released: dict[str, OrgUnit]
) -> None:
    [indicator] = [i for i in EVENT_INDICATORS if i.key == "improvement-hours"]
    ward, division = released["ward"], released["division"]
    figures = indicator.compute(org, [LAST_MONTH, THIS_MONTH], [ward.pk, division.pk])
    assert figures[None] == {LAST_MONTH: Point(4.0), THIS_MONTH: Point(20.0)}
    # Like every indicator, a unit's own work only (the page above rolls up).
    assert figures[ward.pk][THIS_MONTH] == Point(13.0)
    assert figures[division.pk][THIS_MONTH] == Point(5.0)


def test_every_member_reads_the_page_and_outsiders_cannot(
    org: Organisation,
    released: dict[str, OrgUnit],
    patient_user: User,
    outsider: User,
    client_for: Callable[[User], Client],
) -> None:
    page = client_for(patient_user).get(f"/o/{org.slug}/events/hours/").content.decode()
    assert "Hours released for improvement" in page and "Larch Ward" in page
    assert f'<th scope="col">{THIS_MONTH:%b %Y}</th>' in page
    assert page.count('<th scope="col">') == 12 + 3
    six = client_for(patient_user).get(f"/o/{org.slug}/events/hours/?months=6").content.decode()
    assert six.count('<th scope="col">') == 6 + 3 and "All 6 months" in six
    odd = client_for(patient_user).get(f"/o/{org.slug}/events/hours/?months=999").content.decode()
    assert "All 12 months" in odd
    assert client_for(outsider).get(f"/o/{org.slug}/events/hours/").status_code == 404
    for page_url in (
        f"/o/{org.slug}/events/",
        f"/o/{org.slug}/training/",
        f"/o/{org.slug}/training/hours/",
    ):
        assert (
            f"/o/{org.slug}/events/hours/"
            in client_for(patient_user).get(page_url).content.decode()
        )
