"""What the organisation's home page shows each person of training (TrainingConfig): their
tier, a freed place waiting for them to accept, their coming places; and for those who manage
training, the sessions whose attendance is still to mark."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from kaizen.accounts.permissions import OrgRequest
from kaizen.accounts.roles import Capability
from kaizen.training.models import Booking, Session
from kaizen.training.services import person_tier

# How far back a session's unmarked places still call for the coach's attention.
MARKING_DAYS = 14


def home_data(request: OrgRequest) -> dict[str, Any]:
    organisation, now = request.organisation, timezone.now()
    live = Booking.objects.filter(
        person=request.user,
        session__course__organisation=organisation,
        session__starts_at__gte=now,
        session__cancelled_at__isnull=True,
    ).select_related("session__course")
    data: dict[str, Any] = {
        "tier": person_tier(organisation=organisation, person=request.user),
        "offers": list(live.filter(status=Booking.Status.OFFERED)),
        "coming": list(
            live.filter(status__in=[Booking.Status.BOOKED, Booking.Status.WAITING]).order_by(
                "session__starts_at"
            )[:3]
        ),
        "to_mark": [],
    }
    if request.membership.can(Capability.MANAGE_TRAINING):
        data["to_mark"] = list(
            Session.objects.filter(
                course__organisation=organisation,
                cancelled_at__isnull=True,
                starts_at__lte=now,
                starts_at__gte=now - dt.timedelta(days=MARKING_DAYS),
            )
            .annotate(
                unmarked=Count(
                    "bookings",
                    filter=Q(bookings__status=Booking.Status.BOOKED, bookings__attendance=""),
                )
            )
            .filter(unmarked__gt=0)
            .select_related("course")
            .order_by("starts_at")
        )
    return data
