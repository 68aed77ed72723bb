"""Roles and what each may do. One table, so a reviewer can read every permission at once."""

from __future__ import annotations

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    STAFF = "staff", "Staff"
    COACH = "coach", "Improvement coach"
    LEADER = "leader", "Leader"
    BOARD = "board", "Board member"
    PATIENT_PARTNER = "patient_partner", "Patient partner"
    ADMIN = "admin", "Organisation admin"


class Capability(StrEnum):
    VIEW = "view"  # read the organisation's measures, charts, projects and reports
    ENTER_DATA = "enter_data"  # add data points and annotations, upload data
    MANAGE_MEASURES = "manage_measures"  # create and change measures' definitions
    RUN_PROJECTS = "run_projects"  # create projects, log PDSA cycles, edit driver diagrams
    MANAGE_METHOD = "manage_method"  # adapt the improvement method's templates
    MANAGE_STRATEGY = "manage_strategy"  # the North Star, strategic priorities and programmes
    MANAGE_ORGANISATION = "manage_organisation"  # members, invitations, hierarchy, settings
    VIEW_AUDIT = "view_audit"  # read the audit trail of who created and changed what


_ALL = frozenset(Capability)
_FRONTLINE = frozenset(
    {Capability.VIEW, Capability.ENTER_DATA, Capability.MANAGE_MEASURES, Capability.RUN_PROJECTS}
)

PERMISSIONS: dict[Role, frozenset[Capability]] = {
    Role.STAFF: _FRONTLINE,
    # Coaches name the priorities and programmes projects align to, as they always have.
    Role.COACH: _FRONTLINE | {Capability.MANAGE_METHOD, Capability.MANAGE_STRATEGY},
    # Leaders answer for their services' data, so they may read who changed it; they set the
    # direction improvement work aligns to.
    Role.LEADER: _FRONTLINE | {Capability.VIEW_AUDIT, Capability.MANAGE_STRATEGY},
    # The board reads the integrated quality report; it does not change the data behind it.
    Role.BOARD: frozenset({Capability.VIEW}),
    # Patient partners are named members of project teams, trained like staff.
    Role.PATIENT_PARTNER: frozenset({Capability.VIEW, Capability.RUN_PROJECTS}),
    Role.ADMIN: _ALL,
}


# Improvement coaches and organisation admins look after every record in the organisation: they
# may change any project or measure their role's capabilities cover, whoever owns it.
STEWARDS = frozenset({Role.COACH, Role.ADMIN})


def role_can(role: Role, capability: Capability) -> bool:
    return capability in PERMISSIONS[role]
