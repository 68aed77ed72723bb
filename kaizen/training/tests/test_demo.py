"""The demo trust's training shows every page something real, and loading it again changes
nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kaizen.demo.loader import load_demo
from kaizen.training.models import Booking, Headcount, Session, TrainingRecord

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_tier_waiting_lists_offers_and_two_years_of_attendance() -> None:
    organisation = load_demo().organisation
    assert set(organisation.tiers.values_list("pk", flat=True)) == set(
        organisation.courses.values_list("tier_id", flat=True)
    )
    now = timezone.now()
    sessions = Session.objects.filter(course__organisation=organisation)
    assert sessions.filter(starts_at__lt=now).exists()
    assert sessions.filter(starts_at__gt=now, cancelled_at__isnull=True).count() >= 14
    assert sessions.filter(cancelled_at__isnull=False).count() == 1
    places = Booking.objects.filter(session__course__organisation=organisation)
    statuses = set(places.values_list("status", flat=True))
    assert {"booked", "waiting", "offered", "cancelled"} <= statuses
    first = TrainingRecord.objects.filter(organisation=organisation).order_by("completed_on")
    assert first[0].completed_on < timezone.localdate() - dt.timedelta(days=600)
    assert Headcount.objects.filter(unit__organisation=organisation).exists()

    counts = (sessions.count(), places.count(), first.count())
    load_demo()
    assert (sessions.count(), places.count(), first.count()) == counts
