"""Who may change an event's records beyond the role table: a follow-up is given by whoever
manages events or by the person named to give it (often the process owner, who may be
frontline staff)."""

from __future__ import annotations

from kaizen.accounts.models import Membership
from kaizen.accounts.permissions import OrgRequest, require
from kaizen.accounts.roles import Capability
from kaizen.events.models import FollowUp


def can_give_follow_up(membership: Membership, follow_up: FollowUp) -> bool:
    return membership.can(Capability.MANAGE_EVENTS) or (
        follow_up.owner_id is not None and follow_up.owner_id == membership.user_id
    )


def require_follow_up_giver(request: OrgRequest, follow_up: FollowUp) -> None:
    require(
        can_give_follow_up(request.membership, follow_up),
        "Only the person named to give this follow-up, improvement coaches and organisation "
        "admins can record it.",
    )
