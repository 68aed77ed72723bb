"""The umbrella view's figures: every project and its change ideas under the strategic priority
they serve, with counts, verdicts and impact, and the gaps (priorities nobody is working on, work
aligned to no priority). A fixed number of queries, whatever the organisation's size."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F

from kaizen.accounts.models import Organisation
from kaizen.impact import services as impact
from kaizen.measures.models import Measure
from kaizen.measures.summary import SummaryRow, summary_rows
from kaizen.programme.models import PriorityMeasure
from kaizen.projects.models import ChangeIdea, MeasureLink, Project, ProjectStatus
from kaizen.strategy.models import StrategicPriority

# Work still going on: a priority whose projects are all in these kinds has no active work.
LIVE_KINDS = (ProjectStatus.Kind.PROPOSED, ProjectStatus.Kind.ACTIVE, ProjectStatus.Kind.SUSTAINING)


@dataclass
class Branch:
    """A priority (or None: aligned to none) and the work under it."""

    priority: StrategicPriority | None
    projects: list[dict[str, Any]] = field(default_factory=list)
    ideas: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    verdicts: Counter[str] = field(default_factory=Counter)
    measures: list[SummaryRow] = field(default_factory=list)
    # The impact ledger's totals counted towards the priority (kaizen.impact.services.totals).
    impact: list[dict[str, Any]] = field(default_factory=list)

    @property
    def live(self) -> int:
        return sum(1 for project in self.projects if project["status_kind"] in LIVE_KINDS)

    @property
    def verdict_rows(self) -> list[tuple[str, int]]:
        labels = dict(MeasureLink.Verdict.choices)
        return [(labels.get(key, key), count) for key, count in self.verdicts.most_common()]


def umbrella(organisation: Organisation) -> list[Branch]:
    """One branch per priority (in their order), then the unaligned work if there is any."""
    branches: dict[int | None, Branch] = {
        priority.pk: Branch(priority)
        for priority in StrategicPriority.objects.filter(organisation=organisation)
        .select_related("executive_owner")
        .prefetch_related("objectives")
    }
    projects = Project.objects.for_organisation(organisation).values(
        "pk", "title", "priority_id", status_kind=F("status__kind"), status_name=F("status__name")
    )
    ideas = Counter(
        ChangeIdea.objects.filter(project__organisation=organisation).values_list(
            "project_id", flat=True
        )
    )
    verdicts: dict[int, Counter[str]] = defaultdict(Counter)
    links = MeasureLink.objects.filter(project__organisation=organisation).exclude(verdict="")
    for project_id, verdict in links.values_list("project_id", "verdict"):
        verdicts[project_id][verdict] += 1
    # A measure may show more than one priority.
    pairs = list(
        PriorityMeasure.objects.filter(priority__organisation=organisation).values_list(
            "measure_id", "priority_id"
        )
    )
    rows = summary_rows(Measure.objects.filter(pk__in=[m for m, _ in pairs]).for_summary())
    by_measure = {row.measure.pk: row for row in rows}
    for measure_id, priority_id in pairs:
        branches[priority_id].measures.append(by_measure[measure_id])
    _add_impact(organisation, branches)
    for row in projects.order_by("title"):
        project: dict[str, Any] = dict(row)
        branch = branches.get(project["priority_id"])
        if branch is None:
            branch = branches.setdefault(None, Branch(None))
        project["ideas"] = ideas[project["pk"]]
        branch.projects.append(project)
        branch.ideas += project["ideas"]
        branch.by_status[project["status_name"]] += 1
        branch.verdicts.update(verdicts[project["pk"]])
    return list(branches.values())


def _add_impact(organisation: Organisation, branches: dict[int | None, Branch]) -> None:
    """Each priority's impact totals, from the priority every ledger entry counts towards (one
    query); entries towards none go with the unaligned work."""
    by_name = {branch.priority.name: branch for branch in branches.values() if branch.priority}
    for row in impact.totals(impact.ledger(organisation), by="priority"):
        name = row.pop("priority__name")
        branch = by_name.get(name) if name else branches.setdefault(None, Branch(None))
        if branch is not None:
            branch.impact.append(row)
