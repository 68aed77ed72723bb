"""The events panel on the organisation's home page: events coming up or running, the
follow-ups this person gives, and for coaches the follow-ups overdue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.events import services
from kaizen.events.models import Event

pytestmark = pytest.mark.django_db


def plan(org: Organisation, by: User, title: str, starts: dt.date, owner: User) -> Event:
    event = Event(
        organisation=org, title=title, starts_on=starts, ends_on=starts, process_owner=owner
    )
    return services.event_create(event=event, by=by)


def test_the_home_page_shows_coming_events_and_follow_ups_owed(
    org: Organisation,
    coach_user: User,
    staff_user: User,
    leader_user: User,
    client_for: Callable[[User], Client],
) -> None:
    today = timezone.localdate()
    plan(org, coach_user, "Theatre turnaround", today + dt.timedelta(days=10), leader_user)
    plan(org, coach_user, "Discharge before noon", today - dt.timedelta(days=40), staff_user)
    staff_home = client_for(staff_user).get(f"/o/{org.slug}/").content.decode()
    assert "Theatre turnaround" in staff_home
    assert "Follow-ups you give" in staff_home
    assert "30-day follow-up of Discharge before noon" in staff_home
    assert "Follow-ups overdue" not in staff_home
    coach_home = client_for(coach_user).get(f"/o/{org.slug}/").content.decode()
    assert "Follow-ups overdue" in coach_home and "Follow-ups you give" not in coach_home
