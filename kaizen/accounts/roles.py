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
    LOG_VISITS = "log_visits"  # log time where the work happens (gemba walks, huddles...)
    LEAD_ENGAGEMENT = "lead_engagement"  # open top-concern rounds and answer their themes
    EDIT_NEWS = "edit_news"  # approve stories beyond their unit, edit and publish the newsletter
    DECIDE_IDEAS = "decide_ideas"  # answer ideas, run huddle boards and Stop-Doing decisions
    VALIDATE_IMPACT = "validate_impact"  # confirm an impact entry's figure as validated
    MANAGE_TRAINING = "manage_training"  # courses, sessions, attendance, training records
    MANAGE_EVENTS = "manage_events"  # RPIWs and kaizen events: plan, team, report-outs
    NOMINATE = "nominate"  # book places on courses for other people


_ALL = frozenset(Capability)
_FRONTLINE = frozenset(
    {Capability.VIEW, Capability.ENTER_DATA, Capability.MANAGE_MEASURES, Capability.RUN_PROJECTS}
)

PERMISSIONS: dict[Role, frozenset[Capability]] = {
    Role.STAFF: _FRONTLINE,
    # Coaches name the priorities and programmes projects align to, as they always have.
    Role.COACH: _FRONTLINE
    | {
        Capability.MANAGE_METHOD,
        Capability.MANAGE_STRATEGY,
        Capability.EDIT_NEWS,
        Capability.DECIDE_IDEAS,
        # Coaches (with finance partners, who are admins here) validate claimed impact.
        Capability.VALIDATE_IMPACT,
        Capability.MANAGE_TRAINING,
        Capability.MANAGE_EVENTS,
        Capability.NOMINATE,
    },
    # Leaders answer for their services' data, so they may read who changed it; they set the
    # direction improvement work aligns to.
    # They go where the work is and answer staff's concerns in public.
    Role.LEADER: _FRONTLINE
    | {
        Capability.VIEW_AUDIT,
        Capability.MANAGE_STRATEGY,
        Capability.LOG_VISITS,
        Capability.LEAD_ENGAGEMENT,
        Capability.DECIDE_IDEAS,
        Capability.NOMINATE,
    },
    # The board reads the integrated quality report; it does not change the data behind it.
    # Board members' own walk-rounds are logged like leaders' visits.
    Role.BOARD: frozenset({Capability.VIEW, Capability.LOG_VISITS}),
    # Patient partners are named members of project teams, trained like staff.
    Role.PATIENT_PARTNER: frozenset({Capability.VIEW, Capability.RUN_PROJECTS}),
    Role.ADMIN: _ALL,
}


# Improvement coaches and organisation admins look after every record in the organisation: they
# may change any project or measure their role's capabilities cover, whoever owns it.
STEWARDS = frozenset({Role.COACH, Role.ADMIN})


def role_can(role: Role, capability: Capability) -> bool:
    return capability in PERMISSIONS[role]
