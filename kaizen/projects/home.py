"""What the organisation's home page shows each person of their projects (ProjectsConfig)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from kaizen.accounts.permissions import OrgRequest, is_steward
from kaizen.accounts.roles import Role
from kaizen.projects.models import PDSACycle, Project

FINISHED = ("closed", "abandoned")
FIDELITY_GAP = 80  # below this share of the method's checks met, a coach looks at the project


def my_projects(request: OrgRequest) -> QuerySet[Project]:
    user = request.user
    return (
        Project.objects.filter(organisation=request.organisation)
        .filter(Q(lead=user) | Q(sponsor=user) | Q(team__user=user))
        .exclude(status__kind__in=FINISHED)
        .select_related("status", "stage")
        .distinct()
    )


def home_data(request: OrgRequest) -> dict[str, Any]:
    today = timezone.localdate()
    role = request.membership.role
    mine = my_projects(request)
    open_cycles = PDSACycle.objects.for_organisation(request.organisation).open()
    data: dict[str, Any] = {
        "mine": list(mine[:20]),
        "due": list(
            open_cycles.due_for_study(today)
            .filter(idea__project__in=mine)
            .select_related("idea__project")[:20]
        ),
        "supported": [],
    }
    if is_steward(request.membership) or role == Role.LEADER:
        # Coaches (and leaders, for their stalled items) see the projects needing support:
        # a cycle past its study date, or the method's checks mostly unmet.
        stalled = open_cycles.due_for_study(today).values("idea__project")
        overdue = Q(
            ideas__cycles__closed_on__isnull=True,
            ideas__cycles__studied_on__isnull=True,
            ideas__cycles__study_due__lte=today,
        )
        data["supported"] = list(
            Project.objects.filter(organisation=request.organisation)
            .exclude(status__kind__in=FINISHED)
            .filter(Q(pk__in=stalled) | Q(fidelity__lt=FIDELITY_GAP))
            .annotate(stalled=Count("ideas__cycles", filter=overdue, distinct=True))
            .order_by("-stalled", "fidelity")[:20]
        )
    return data
