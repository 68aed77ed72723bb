"""The programme-health indicators that projects and their PDSA cycles feed, each with its
operational definition. Each reads its source through a shared reader (``cycles``: within one
refresh the cycle table is read once) and counts by the unit of the project and by month, for
each unit and for the whole organisation. The projects' own indicators are in portfolio.py.

A cycle belongs to its project's unit as the project stands now: a project moved between units
takes its history with it (the unit's charts are about the work it owns).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable
from typing import NamedTuple

from kaizen.accounts.models import Organisation
from kaizen.measures.computed import Indicator, Point, counted, read_once
from kaizen.projects.models import PDSACycle


class CycleFacts(NamedTuple):
    unit_id: int | None
    project_id: int
    started_on: dt.date | None
    predicted_on: dt.date | None
    studied_on: dt.date | None
    planned_end: dt.date | None
    closed_on: dt.date | None
    learned: bool


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


@read_once
def cycles(organisation: Organisation) -> list[CycleFacts]:
    rows = PDSACycle.objects.filter(idea__project__organisation=organisation).values_list(
        "idea__project__unit_id",
        "idea__project_id",
        "started_on",
        "predicted_at",
        "studied_on",
        "planned_end",
        "closed_on",
        "learned",
    )
    return [
        CycleFacts(
            unit,
            project,
            start,
            predicted.date() if predicted else None,
            studied,
            end,
            closed,
            bool(text),
        )
        for unit, project, start, predicted, studied, end, closed, text in rows
    ]


def _count(facts: list[CycleFacts]) -> Point:
    return Point(float(len(facts)))


def _projects(facts: list[CycleFacts]) -> Point:
    return Point(float(len({fact.project_id for fact in facts})))


def _share(test: Callable[[CycleFacts], bool]) -> Callable[[list[CycleFacts]], Point]:
    def figure(facts: list[CycleFacts]) -> Point:
        hits = sum(1 for fact in facts if test(fact))
        return Point(hits / len(facts), float(hits), float(len(facts)))

    return figure


def _predicted_first(fact: CycleFacts) -> bool:
    return (
        fact.predicted_on is not None
        and fact.started_on is not None
        and (fact.predicted_on <= fact.started_on)
    )


def _median_days_to_study(facts: list[CycleFacts]) -> Point | None:
    days = [
        (fact.studied_on - fact.planned_end).days
        for fact in facts
        if fact.studied_on and fact.planned_end
    ]
    return Point(float(statistics.median(days))) if days else None


def _started(fact: CycleFacts) -> dt.date | None:
    return fact.started_on


def _closed(fact: CycleFacts) -> dt.date | None:
    return fact.closed_on


def _studied(fact: CycleFacts) -> dt.date | None:
    return fact.studied_on


CYCLE_INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        key="cycles-started",
        name="PDSA cycles started",
        definition="The number of PDSA cycles whose “started on” date falls in the month, "
        "across every project of the unit (or of the organisation). A month with none is zero.",
        unit_label="cycles",
        chart="xmr",
        improvement="increase",
        compute=counted(cycles, _started, _count, zero_months=True),
        evidences=("capability",),
    ),
    Indicator(
        key="cycles-closed",
        name="PDSA cycles closed",
        definition="The number of PDSA cycles closed (the Act step's decision recorded) in "
        "the month, by the “closed on” date. A month with none is zero.",
        unit_label="cycles",
        chart="xmr",
        improvement="increase",
        compute=counted(cycles, _closed, _count, zero_months=True),
        evidences=("systems",),
    ),
    Indicator(
        key="projects-testing",
        name="Projects testing changes",
        definition="The number of distinct projects with at least one PDSA cycle started in "
        "the month: the projects actively testing, not just open. A month with none is zero.",
        unit_label="projects",
        chart="xmr",
        improvement="increase",
        compute=counted(cycles, _started, _projects, zero_months=True),
        evidences=("capability",),
    ),
    Indicator(
        key="predicted-first",
        name="Cycles with a prediction before the test",
        definition="Of the PDSA cycles started in the month, the share whose prediction was "
        "first written down on or before the day the test started. No cycles started: no point.",
        unit_label="%",
        chart="p",
        improvement="increase",
        compute=counted(cycles, _started, _share(_predicted_first), zero_months=False),
        evidences=("systems",),
    ),
    Indicator(
        key="learning-recorded",
        name="Closed cycles with learning recorded",
        definition="Of the PDSA cycles closed in the month, the share with “What we learned” "
        "filled in, whatever the decision (adopt, adapt or abandon). No cycles closed: no point.",
        unit_label="%",
        chart="p",
        improvement="increase",
        compute=counted(cycles, _closed, _share(lambda fact: fact.learned), zero_months=False),
        evidences=("systems",),
    ),
    Indicator(
        key="days-to-study",
        name="Median days from a test's end to its study",
        definition="For the PDSA cycles studied in the month that had a planned end date, the "
        "median number of days from that end to the “studied on” date. None: no point.",
        unit_label="days",
        chart="xmr",
        improvement="decrease",
        compute=counted(cycles, _studied, _median_days_to_study, zero_months=False),
        evidences=("systems",),
    ),
)
