"""The indicators of the projects themselves: how many are testing changes and how many have
stalled, how long a new project takes to its first test, their IHI progress scores, fidelity
and co-production, and the verdicts on their changes. Each is defined in its own words below.

A project keeps only its status today, so "live" here means live today; every other fact is
dated by the records themselves (cycles, scores, team members joining, verdicts reached). The
stage indicators (stages.py) replay stages and statuses from the audit trail instead.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from typing import Any, NamedTuple

from django.db.models.functions import TruncDate

from kaizen.accounts.models import Organisation
from kaizen.measures.computed import (
    Compute,
    Figures,
    Indicator,
    Point,
    by_unit,
    counted,
    read_once,
)
from kaizen.programme.indicators import CYCLE_INDICATORS, cycles
from kaizen.projects.models import MeasureLink, ProgressScore, Project, ProjectStatus, TeamMember

# A project that started no PDSA cycle in this many days up to a month's end was not testing.
ACTIVE_DAYS = 90
LIVE_KINDS = {ProjectStatus.Kind.PROPOSED, ProjectStatus.Kind.ACTIVE, ProjectStatus.Kind.SUSTAINING}


class ProjectFacts(NamedTuple):
    unit_id: int | None
    project_id: int
    opened: dt.date  # its "started on" date, else the day it was created
    live: bool
    fidelity: int
    tests: tuple[dt.date, ...]  # its cycles' start dates, in order
    co_produced_from: dt.date | None  # when a patient partner co-producing it joined
    testing_in: frozenset[dt.date]  # the months at whose end it was testing (testing_at)


class ScoreFacts(NamedTuple):
    unit_id: int | None
    project_id: int
    recorded_on: dt.date
    score: float


class VerdictFacts(NamedTuple):
    unit_id: int | None
    verdict: str
    reached_on: dt.date


@read_once
def projects(organisation: Organisation) -> list[ProjectFacts]:
    tests: dict[int, list[dt.date]] = defaultdict(list)
    for fact in cycles(organisation):
        if fact.started_on is not None:
            tests[fact.project_id].append(fact.started_on)
    partners: dict[int, dt.date] = {}
    joined = TeamMember.objects.filter(
        project__organisation=organisation,
        is_patient_partner=True,
        involvement__in=TeamMember.CO_PRODUCING,
    ).values_list("project_id", TruncDate("joined_at"))
    for project_id, day in joined:
        partners[project_id] = min(day, partners.get(project_id, day))
    rows = Project.objects.filter(organisation=organisation).values_list(
        "pk", "unit_id", "started_on", TruncDate("created_at"), "status__kind", "fidelity"
    )
    return [
        ProjectFacts(
            unit, pk, started or created, kind in LIVE_KINDS, fidelity,
            tuple(sorted(tests[pk])), partners.get(pk), _testing_months(tests[pk]),
        )
        for pk, unit, started, created, kind, fidelity in rows
    ]  # fmt: skip


@read_once
def scores(organisation: Organisation) -> list[ScoreFacts]:
    rows = ProgressScore.objects.filter(project__organisation=organisation).values_list(
        "project__unit_id", "project_id", TruncDate("recorded_at"), "score"
    )
    return [ScoreFacts(unit, project, day, float(score)) for unit, project, day, score in rows]


@read_once
def verdicts(organisation: Organisation) -> list[VerdictFacts]:
    # The verdicts on change ideas' and cycles' links: a project-level link has no prediction.
    rows = (
        MeasureLink.objects.filter(project__organisation=organisation, verdict_at__isnull=False)
        .exclude(idea=None, cycle=None)
        .values_list("project__unit_id", "verdict", TruncDate("verdict_at"))
    )
    return [VerdictFacts(*row) for row in rows]


def month_end(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def _testing_months(tests: list[dt.date]) -> frozenset[dt.date]:
    """The months at whose last day a project had started a PDSA cycle in the ACTIVE_DAYS up
    to it: worked out once per project, not once per project, month and indicator."""
    months = set()
    for day in tests:
        month = day.replace(day=1)
        while (end := month_end(month)) - dt.timedelta(days=ACTIVE_DAYS) < day:
            if day <= end:
                months.add(month)
            month = end + dt.timedelta(days=1)
    return frozenset(months)


def testing_at(project: ProjectFacts, end: dt.date) -> bool:
    """Started a PDSA cycle in the ACTIVE_DAYS up to ``end`` (a month's last day)."""
    return end.replace(day=1) in project.testing_in


def at_month_end(
    read: Callable[[Organisation], Sequence[ProjectFacts] | Sequence[ScoreFacts]],
    figure: Callable[[list[Any], dt.date], Point | None],
) -> Compute:
    """An indicator's compute from the state at each month's end: ``figure(facts, end)`` of
    each unit's facts; a month whose figure is None has no point."""

    def compute(
        organisation: Organisation, months: Sequence[dt.date], units: Collection[int]
    ) -> Figures:
        grouped = by_unit(read(organisation))
        ends = [(month, month_end(month)) for month in months]
        figures: dict[int | None, dict[dt.date, Point]] = {}
        for unit in (None, *units):
            facts = grouped.get(unit, [])
            figures[unit] = {
                month: point for month, end in ends if (point := figure(facts, end)) is not None
            }
        return figures

    return compute


def of_testing(figure: Callable[[list[ProjectFacts], dt.date], Point | None]) -> Compute:
    """An indicator's compute from the projects testing at each month's end: ``figure(those
    projects, the month)`` for each unit. Each project is filed under its testing months once,
    rather than every project tested against every month."""

    def compute(
        organisation: Organisation, months: Sequence[dt.date], units: Collection[int]
    ) -> Figures:
        grouped = by_unit(projects(organisation))
        figures: dict[int | None, dict[dt.date, Point]] = {}
        for unit in (None, *units):
            testing: dict[dt.date, list[ProjectFacts]] = defaultdict(list)
            for project in grouped.get(unit, []):
                for month in project.testing_in:
                    testing[month].append(project)
            figures[unit] = {
                month: point
                for month in months
                if (point := figure(testing.get(month, []), month)) is not None
            }
        return figures

    return compute


def _testing(testing: list[ProjectFacts], month: dt.date) -> Point:
    return Point(float(len(testing)))


def _stalled(facts: list[ProjectFacts], end: dt.date) -> Point:
    stalled = sum(
        1
        for project in facts
        if project.live
        and project.tests
        and project.tests[0] <= end
        and not testing_at(project, end)
    )
    return Point(float(stalled))


def _co_produced(testing: list[ProjectFacts], month: dt.date) -> Point | None:
    if not testing:
        return None
    end = month_end(month)
    hits = sum(1 for p in testing if p.co_produced_from and p.co_produced_from <= end)
    return Point(hits / len(testing), float(hits), float(len(testing)))


def _fidelity(testing: list[ProjectFacts], month: dt.date) -> Point | None:
    return Point(sum(p.fidelity for p in testing) / len(testing)) if testing else None


def _progress(facts: list[ScoreFacts], end: dt.date) -> Point | None:
    latest: dict[int, ScoreFacts] = {}
    for fact in facts:
        if fact.recorded_on <= end:
            kept = latest.get(fact.project_id)
            if kept is None or fact.recorded_on >= kept.recorded_on:
                latest[fact.project_id] = fact
    values = [fact.score for fact in latest.values()]
    return Point(float(statistics.median(values))) if values else None


def _first_test(project: ProjectFacts) -> dt.date | None:
    return project.tests[0] if project.tests else None


def _median_days_to_first_test(facts: list[ProjectFacts]) -> Point | None:
    days = [(p.tests[0] - p.opened).days for p in facts if p.tests and p.tests[0] >= p.opened]
    return Point(float(statistics.median(days))) if days else None


def _count(facts: Sequence[object]) -> Point:
    return Point(float(len(facts)))


def _verdicts_of(kind: str) -> Callable[[list[VerdictFacts]], Point]:
    return lambda facts: Point(float(sum(1 for fact in facts if fact.verdict == kind)))


def _verdict_indicator(kind: str, name: str) -> Indicator:
    return Indicator(
        key=f"verdicts-{kind.replace('_', '-')}",
        name=f"Verdicts: {name}",
        definition=f"The number of change ideas' and PDSA cycles' measure links whose verdict "
        f"became “{name.lower()}” in the month (the date the verdict last changed). A link "
        "judged again later counts in the month of its latest verdict. A month with none is zero.",
        unit_label="verdicts",
        chart="xmr",
        improvement="neutral" if kind == MeasureLink.Verdict.NO_SIGNAL else "increase",
        compute=counted(
            verdicts, lambda fact: fact.reached_on, _verdicts_of(kind), zero_months=True
        ),
    )


PORTFOLIO_INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        key="projects-started",
        name="Projects started",
        definition="The number of projects whose “started on” date (or, without one, the day "
        "they were created) falls in the month, whatever their status. A month with none is zero.",
        unit_label="projects",
        chart="xmr",
        improvement="increase",
        compute=counted(projects, lambda p: p.opened, _count, zero_months=True),
        evidences=("purpose",),
    ),
    Indicator(
        key="projects-active",
        name="Projects active",
        definition=f"The number of projects that started at least one PDSA cycle in the "
        f"{ACTIVE_DAYS} days up to the month's last day: the projects still testing changes.",
        unit_label="projects",
        chart="xmr",
        improvement="increase",
        compute=of_testing(_testing),
        evidences=("capability",),
    ),
    Indicator(
        key="projects-stalled",
        name="Stalled projects",
        definition=f"The number of projects, live today (proposed, active or sustaining), that "
        f"had tested a change by the month's end but started no PDSA cycle in the {ACTIVE_DAYS} "
        "days up to it. Kaizen keeps no history of statuses: a project closed since then "
        "drops out of every month.",
        unit_label="projects",
        chart="xmr",
        improvement="decrease",
        compute=at_month_end(projects, _stalled),
        evidences=("leadership",),
    ),
    Indicator(
        key="days-to-first-test",
        name="Median days from a project's start to its first test",
        definition="For the projects whose first PDSA cycle started in the month, the median "
        "number of days from the project's “started on” date (or its creation) to that "
        "cycle's start. None: no point.",
        unit_label="days",
        chart="xmr",
        improvement="decrease",
        compute=counted(projects, _first_test, _median_days_to_first_test, zero_months=False),
        evidences=("capability",),
    ),
    Indicator(
        key="progress-score",
        name="Median IHI progress score",
        definition="At the month's end, the median of each project's latest IHI progress score "
        "(0.5 to 5) recorded by then, over the projects with any score. None: no point.",
        unit_label="score",
        chart="xmr",
        improvement="increase",
        compute=at_month_end(scores, _progress),
        evidences=("systems",),
    ),
    Indicator(
        key="co-produced",
        name="Active projects co-produced with patients",
        definition="Of the projects active at the month's end (a PDSA cycle started in the "
        f"{ACTIVE_DAYS} days up to it), the share with a patient partner who had joined by then "
        "and co-designs or co-leads the work. No active projects: no point.",
        unit_label="%",
        chart="p",
        improvement="increase",
        compute=of_testing(_co_produced),
        evidences=("people",),
    ),
    Indicator(
        key="mean-fidelity",
        name="Mean fidelity to the method",
        definition="Of the projects active at the month's end, the mean share of the method's "
        "fidelity checks each meets, as it stands today (Kaizen keeps no history of it). "
        "No active projects: no point.",
        unit_label="%",
        chart="xmr",
        improvement="increase",
        compute=of_testing(_fidelity),
        evidences=("capability",),
    ),
    _verdict_indicator(MeasureLink.Verdict.AS_PREDICTED, "Signal in the predicted direction"),
    _verdict_indicator(MeasureLink.Verdict.AGAINST, "Signal against the prediction"),
    _verdict_indicator(MeasureLink.Verdict.NO_SIGNAL, "No signal yet"),
)

PROJECT_INDICATORS = CYCLE_INDICATORS + PORTFOLIO_INDICATORS
