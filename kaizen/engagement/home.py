"""What the organisation's home page shows each member of engagement (EngagementConfig): the
open rounds that ask them, the compacts waiting for their acknowledgement, the latest "you said,
we did" answers, their thank-yous and the newsletter; leaders also see their visits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils import timezone

from kaizen.accounts.permissions import OrgRequest
from kaizen.accounts.roles import Capability
from kaizen.engagement import compacts, visibility
from kaizen.engagement.models import (
    Compact,
    CompactVersion,
    Newsletter,
    Round,
    Thanks,
    Theme,
    Visit,
)

THANKS_DAYS = 30


def rounds_asking(request: OrgRequest, today: dt.date) -> list[Round]:
    """Open rounds for the whole organisation, or for a unit the member's unit sits in."""
    unit = request.membership.unit
    around = [node.pk for node in unit.path()] if unit else []
    return list(
        Round.objects.filter(organisation=request.organisation, closes_on__gte=today)
        .filter(Q(unit=None) | Q(unit_id__in=around))
        .order_by("closes_on")[:5]
    )


def to_acknowledge(request: OrgRequest) -> list[CompactVersion]:
    """The current version of each compact agreed with the member's group, not yet read."""
    waiting = []
    for compact in Compact.objects.filter(organisation=request.organisation).select_related("unit"):
        current = compact.versions.first()
        if (
            current is not None
            and compacts.group(compact).filter(pk=request.membership.pk).exists()
            and not current.acknowledgements.filter(member=request.user).exists()
        ):
            waiting.append(current)
    return waiting


def home_data(request: OrgRequest) -> dict[str, Any]:
    organisation, membership = request.organisation, request.membership
    today = timezone.localdate()
    for_me = Q(colleague=request.user)
    if membership.unit_id:
        for_me |= Q(team_id=membership.unit_id)
    data: dict[str, Any] = {
        "rounds": rounds_asking(request, today),
        "to_acknowledge": to_acknowledge(request),
        "answered": list(
            Theme.objects.filter(round__organisation=organisation, responded_at__isnull=False)
            .order_by("-responded_at")
            .select_related("round")[:3]
        ),
        "thanks": Thanks.objects.filter(
            for_me,
            organisation=organisation,
            created_at__gte=timezone.now() - dt.timedelta(days=THANKS_DAYS),
        ).count(),
        "thanks_days": THANKS_DAYS,
        "newsletter": Newsletter.objects.filter(
            organisation=organisation, published_at__isnull=False
        ).first(),
        "visits": None,
    }
    if membership.can(Capability.LOG_VISITS):
        month = visibility.month_start(today)
        data["visits"] = Visit.objects.filter(
            organisation=organisation, leader=request.user, visited_on__gte=month
        ).count()
        data["unvisited"] = len(visibility.unvisited_units(organisation, today))
        data["unvisited_days"] = visibility.UNVISITED_DAYS
    return data
