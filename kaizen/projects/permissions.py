"""Who may change a project, its driver diagram, change ideas and cycles.

The team owns its work: the lead, the sponsor and team members (patient partners only where
they co-design or co-lead it), plus improvement coaches and organisation admins, change a
project and everything in it. Every other member reads it and comments on it.
"""

from __future__ import annotations

from django.db.models import Q

from kaizen.accounts.models import Membership
from kaizen.accounts.permissions import (
    OrgRequest,
    in_scope,
    is_patient_partner,
    is_steward,
    require,
)
from kaizen.accounts.roles import Capability
from kaizen.projects.models import Project, TeamMember


def can_change_project(membership: Membership, project: Project) -> bool:
    if not in_scope(membership, project, Capability.RUN_PROJECTS):
        return False
    if is_steward(membership):
        return True
    user_id = membership.user_id
    if user_id in (project.lead_id, project.sponsor_id):
        return True
    seats = project.team.filter(user_id=user_id)
    if is_patient_partner(membership):
        # A partner's say follows the involvement the team agreed with them: informed and
        # consulted partners comment; co-designers and co-leads change the work.
        return seats.filter(involvement__in=TeamMember.CO_PRODUCING).exists()
    return seats.filter(
        Q(is_patient_partner=False) | Q(involvement__in=TeamMember.CO_PRODUCING)
    ).exists()


def require_project_change(request: OrgRequest, project: Project) -> None:
    require(
        can_change_project(request.membership, project),
        "Only the project's lead, sponsor and team, improvement coaches and organisation "
        "admins can change this project. You can read it and comment on it.",
    )
