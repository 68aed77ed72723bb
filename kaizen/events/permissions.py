"""Who may change an event's records beyond the role table: a follow-up is given by whoever
manages events or by the person named to give it (often the process owner, who may be
frontline staff); the ideas and actions of the week are raised by whoever manages events or by
the event's own team lead and coach."""

from __future__ import annotations

from kaizen.accounts.models import Membership
from kaizen.accounts.permissions import OrgRequest, require
from kaizen.accounts.roles import Capability
from kaizen.events.models import Event, FollowUp


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


def can_spawn(membership: Membership, event: Event) -> bool:
    if event.organisation_id != membership.organisation_id:
        return False
    return membership.can(Capability.MANAGE_EVENTS) or membership.user_id in (
        event.team_lead_id,
        event.coach_id,
    )


def require_spawner(request: OrgRequest, event: Event) -> None:
    require(
        can_spawn(request.membership, event),
        "Only the event's team lead and coach, improvement coaches and organisation admins "
        "can raise ideas and actions from it. You can read what it raised.",
    )
