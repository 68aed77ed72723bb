"""What the organisation's home page shows each person of events (EventsConfig.home_data): the
events coming up or running, the follow-ups they owe, and for those who manage events the
follow-ups overdue across the organisation."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from kaizen.accounts.permissions import OrgRequest
from kaizen.accounts.roles import Capability
from kaizen.events.models import Event, FollowUp


def home_data(request: OrgRequest) -> dict[str, Any]:
    today = timezone.localdate()
    organisation = request.organisation
    owed = FollowUp.objects.filter(event__organisation=organisation, report__isnull=True)
    owed = owed.select_related("event").order_by("due_on")
    data: dict[str, Any] = {
        "today": today,
        "coming": list(
            Event.objects.filter(organisation=organisation, ends_on__gte=today)
            .select_related("unit")
            .order_by("starts_on")[:5]
        ),
        "mine": list(owed.filter(owner=request.user)[:10]),
        "overdue": [],
    }
    if request.membership.can(Capability.MANAGE_EVENTS):
        data["overdue"] = list(owed.filter(due_on__lt=today).select_related("owner")[:10])
    return data
