"""What the organisation's home page shows each person of everyday improvement (IdeasConfig):
their own latest ideas and where each stands, and for those who decide, how much is stalled in
their area."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from kaizen.accounts.permissions import OrgRequest
from kaizen.accounts.roles import Capability
from kaizen.ideas.boards import stalled_in
from kaizen.ideas.models import Idea

LATEST = 5


def home_data(request: OrgRequest) -> dict[str, Any]:
    mine = (
        Idea.objects.for_organisation(request.organisation)
        .credited_to(request.user)
        .select_related("status")
        .only("problem", "raised_at", "first_answered_at", "status__name", "organisation_id")
    )
    data: dict[str, Any] = {"mine": list(mine[:LATEST]), "stalled": None}
    membership = request.membership
    if membership.can(Capability.DECIDE_IDEAS):
        ideas, actions = stalled_in(request.organisation, membership.unit, now=timezone.now())
        data["stalled"] = {"area": membership.unit, "count": ideas.count() + actions.count()}
    return data
