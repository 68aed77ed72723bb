"""Who may change a measure.

A measure belongs to its owner: a person (``owner``) or the team of its unit (members whose
unit is that unit or one below it). Its definition, target and rules change only by its owner,
improvement coaches and admins; its figures by its owner and its data-entry group. The board's
measures frame the organisation's priorities: only coaches and admins change their definition,
and they say why (kaizen/measures/services.measure_update).
"""

from __future__ import annotations

from kaizen.accounts.models import Membership
from kaizen.accounts.permissions import OrgRequest, in_scope, is_steward, require
from kaizen.accounts.roles import Capability
from kaizen.measures.models import Measure


def owns(membership: Membership, measure: Measure) -> bool:
    if measure.owner_id is not None and measure.owner_id == membership.user_id:
        return True
    if measure.unit is None or membership.unit_id is None:
        return False
    return membership.unit_id in measure.unit.subtree_ids()


def can_define(membership: Membership, measure: Measure) -> bool:
    if not in_scope(membership, measure, Capability.MANAGE_MEASURES):
        return False
    if is_steward(membership):
        return True
    return not measure.on_board and owns(membership, measure)


def can_enter_data(membership: Membership, measure: Measure) -> bool:
    if not in_scope(membership, measure, Capability.ENTER_DATA):
        return False
    if is_steward(membership) or owns(membership, measure):
        return True
    return measure.data_entry.filter(pk=membership.user_id).exists()


def require_define(request: OrgRequest, measure: Measure) -> None:
    require(
        can_define(request.membership, measure),
        "Only this measure's owner, improvement coaches and organisation admins can change its "
        "definition (only coaches and admins for a measure on the board's report).",
    )


def require_data_entry(request: OrgRequest, measure: Measure) -> None:
    require(
        can_enter_data(request.membership, measure),
        "Only this measure's owner and its data-entry group can add or change its figures.",
    )
