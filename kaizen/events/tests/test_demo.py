"""The demo trust's events show what they took forward and the hours they released, and loading
the demo again changes nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from kaizen.demo.loader import load_demo
from kaizen.events import spawning
from kaizen.events.hours import improvement_hours
from kaizen.events.models import Spawn
from kaizen.training.dosage import month_ends

pytestmark = pytest.mark.django_db


def test_the_demo_events_took_work_forward_and_released_hours() -> None:
    organisation = load_demo().organisation
    begun = organisation.events.filter(starts_on__lte=timezone.localdate()).order_by("starts_on")
    past, running = begun[0], begun[1]
    kinds = {(s.kind, s.closed) for s in spawning.spawned_by(past)}
    assert kinds == {("Idea", True), ("Action", True), ("Change idea", False)}
    assert {s.closed for s in spawning.spawned_by(running)} == {False}
    months = [end.replace(day=1) for end in month_ends(timezone.localdate(), 12)]
    everyone = improvement_hours(organisation, months)[0]
    assert sum(everyone.events) > 0 and sum(everyone.training) > 0

    count = Spawn.objects.count()
    load_demo()
    assert Spawn.objects.count() == count
