"""An event carries the Lean tools: its page links them, every member reads and prints them,
and only those who manage events change them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.activity.models import about
from kaizen.events import services
from kaizen.events.models import Event
from kaizen.projects.lean.models import MapStep
from kaizen.projects.lean.tests.editor import form_data, step

pytestmark = pytest.mark.django_db


def test_coaches_map_the_event_staff_read_and_print_it(
    org: Organisation,
    coach_user: User,
    staff_user: User,
    client_for: Callable[[User], Client],
) -> None:
    day = dt.date(2024, 4, 1)
    event = Event(organisation=org, title="Discharge RPIW", starts_on=day, ends_on=day)
    services.event_create(event=event, by=coach_user)
    url = f"/o/{org.slug}/lean/event/{event.pk}/value-stream-map/"
    data = form_data([step("Triage", "10", "0")], [])
    assert client_for(coach_user).post(url, data).status_code == 302
    assert MapStep.objects.filter(**about(event)).count() == 1
    staff = client_for(staff_user)
    event_page = staff.get(f"/o/{org.slug}/events/{event.pk}/").content.decode()
    assert url in event_page and "SIPOC" in event_page
    assert "Save the map" not in staff.get(url).content.decode()
    assert staff.post(url, data).status_code == 403
    assert staff.get(url.replace("map/", "map.pdf")).content.startswith(b"%PDF")
