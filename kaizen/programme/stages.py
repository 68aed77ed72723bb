"""Projects by stage at each month's end, and how long they take to move on a stage.

A project keeps only its current stage and status, but the audit trail records every move
between stages and every change of status, by name (as the newsletter reads stage moves), and
the day the project was created at its method's first stage. Each project's history is replayed
from those events, so a past month shows the projects as they stood at its end.

A name is matched to its stage among the project's method's stages as they are named now, then
the method's defaults (a stage renamed since keeps its default name's place); a status by its
name now. The last move is the project's stage today whatever it was called then, and a move
whose name matches nothing is left out (the project stays where it was until its next move).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, NamedTuple

from django.db.models import Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from kaizen.accounts.models import Organisation
from kaizen.audit.models import AuditEvent
from kaizen.measures.computed import Compute, Figures, Indicator, Point, counted, read_once
from kaizen.programme.portfolio import LIVE_KINDS, PROJECT_INDICATORS, month_end
from kaizen.projects.methods import DEFAULT_METHODS
from kaizen.projects.models import MethodStage, Project, ProjectStatus

# Every method Kaizen ships has this many stages, and a coach renames them but adds none.
STAGE_COUNT = max(len(method.stages) for method in DEFAULT_METHODS)
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh")


class StageMove(NamedTuple):
    """A project moving on to a later stage, and the days it spent in the one it left."""

    unit_id: int | None
    project_id: int
    moved_on: dt.date
    days: int


class StageHistory(NamedTuple):
    # Per unit (None: the organisation): (month, stage order) -> projects in progress at that
    # stage at the month's end.
    counts: Mapping[int | None, Counter[tuple[dt.date, int]]]
    moves: list[StageMove]


class _Project(NamedTuple):
    pk: int
    unit_id: int | None
    created: dt.date
    method_id: int
    stage: int | None  # its stage's order today
    live: bool  # in progress today (proposed, active or sustaining)


class _Names:
    """Stage and status names as the audit trail wrote them, matched to what they mean now."""

    def __init__(self, organisation: Organisation) -> None:
        defaults = {
            m.key: {s.name: n for n, s in enumerate(m.stages, start=1)} for m in DEFAULT_METHODS
        }
        self.stages: dict[int, dict[str, int]] = {}
        for method in organisation.methods.values_list("pk", "key"):
            self.stages[method[0]] = dict(defaults.get(method[1], {}))
        rows = MethodStage.objects.filter(method__organisation=organisation)
        for method_id, name, order in rows.values_list("method_id", "name", "order"):
            self.stages.setdefault(method_id, {})[name] = order
        statuses = ProjectStatus.objects.filter(organisation=organisation)
        self.live = {
            name: kind in LIVE_KINDS for name, kind in statuses.values_list("name", "kind")
        }
        # A new project takes the organisation's first status (projects.services.project_create).
        first = statuses.values_list("kind", flat=True).first()
        self.starts_live = first is None or first in LIVE_KINDS

    def stage(self, method_id: int, name: object) -> int | None:
        return self.stages.get(method_id, {}).get(name) if isinstance(name, str) else None

    def is_live(self, name: object) -> bool | None:
        return self.live.get(name) if isinstance(name, str) else None


@read_once
def stage_history(organisation: Organisation) -> StageHistory:
    names = _Names(organisation)
    rows = Project.objects.filter(organisation=organisation).values_list(
        "pk", "unit_id", TruncDate("created_at"), "method_id", "stage__order", "status__kind"
    )
    projects = [
        _Project(pk, unit, created, method, stage, kind in LIVE_KINDS)
        for pk, unit, created, method, stage, kind in rows
    ]
    events = _events(organisation)
    counts: dict[int | None, Counter[tuple[dt.date, int]]] = defaultdict(Counter)
    moves: list[StageMove] = []
    last_month = timezone.localdate().replace(day=1)
    for project in projects:
        states = _replay(project, events.get(project.pk, []), names, moves)
        for month, stage in _month_ends(states, last_month):
            counts[None][month, stage] += 1
            if project.unit_id is not None:
                counts[project.unit_id][month, stage] += 1
    return StageHistory(counts, moves)


def _events(organisation: Organisation) -> dict[int, list[tuple[dt.date, dict[str, Any]]]]:
    """Each project's stage moves and status changes, oldest first."""
    found = (
        AuditEvent.objects.filter(organisation=organisation, target_type=Project._meta.label_lower)
        .filter(Q(changes__has_key="stage") | Q(changes__has_key="status"))
        .order_by("at", "pk")
        .values_list("target_id", TruncDate("at"), "changes")
    )
    events: dict[int, list[tuple[dt.date, dict[str, Any]]]] = defaultdict(list)
    for target_id, day, changes in found:
        if target_id.isdigit():
            events[int(target_id)].append((day, changes))
    return events


def _replay(
    project: _Project,
    events: list[tuple[dt.date, dict[str, Any]]],
    names: _Names,
    moves: list[StageMove],
) -> list[tuple[dt.date, int | None, bool]]:
    """The project's (from day, stage, in progress) states, from its creation; adds its moves
    on to a later stage to ``moves``."""
    staged = [i for i, (_, changes) in enumerate(events) if "stage" in changes]
    status = [i for i, (_, changes) in enumerate(events) if "status" in changes]
    stage = _before(
        events, staged, "stage", project.stage, lambda old: names.stage(project.method_id, old)
    )
    if stage is None and staged:
        stage = 1  # a project starts at its method's first stage
    live = _before(events, status, "status", project.live, names.is_live)
    live = names.starts_live if live is None else live
    entered = project.created
    states = [(project.created, stage, live)]
    for index, (day, changes) in enumerate(events):
        if "stage" in changes:
            new = project.stage if index == staged[-1] else _new_stage(changes, project, names)
            if new is not None and new != stage:
                if stage is not None and new > stage:
                    moves.append(StageMove(project.unit_id, project.pk, day, (day - entered).days))
                stage, entered = new, day
        if "status" in changes:
            now = project.live if index == status[-1] else names.is_live(_new(changes["status"]))
            live = live if now is None else now
        states.append((day, stage, live))
    return states


def _before(
    events: list[tuple[dt.date, dict[str, Any]]],
    indexes: list[int],
    field: str,
    today: Any,
    resolve: Callable[[object], Any],
) -> Any:
    """A field's value at creation: the "from" of its first change (None if that name matches
    nothing now), or today's if it never changed."""
    if not indexes:
        return today
    change = events[indexes[0]][1][field]
    return resolve(change[0]) if isinstance(change, list) and change else None


def _new(change: object) -> object:
    return change[-1] if isinstance(change, list) and change else None


def _new_stage(changes: dict[str, Any], project: _Project, names: _Names) -> int | None:
    return names.stage(project.method_id, _new(changes["stage"]))


def _month_ends(
    states: list[tuple[dt.date, int | None, bool]], last_month: dt.date
) -> list[tuple[dt.date, int]]:
    """The months, from the project's creation to ``last_month`` (or its latest event's), at
    whose end it was in progress at a stage: (month, stage order)."""
    found = []
    month = states[0][0].replace(day=1)
    last_month = max(last_month, states[-1][0].replace(day=1))
    current = 0
    while month <= last_month:
        end = month_end(month)
        while current + 1 < len(states) and states[current + 1][0] <= end:
            current += 1
        _, stage, live = states[current]
        if live and stage is not None:
            found.append((month, stage))
        month = end + dt.timedelta(days=1)
    return found


def _at_stage(order: int) -> Compute:
    def compute(
        organisation: Organisation, months: Sequence[dt.date], units: Collection[int]
    ) -> Figures:
        counts = stage_history(organisation).counts
        empty: Counter[tuple[dt.date, int]] = Counter()
        # One Point per count, not per unit and month: a large trust's are mostly zero.
        most = max(counts.get(None, empty).values(), default=0)
        points = [Point(float(count)) for count in range(most + 1)]
        return {
            unit: {month: points[counts.get(unit, empty)[month, order]] for month in months}
            for unit in (None, *units)
        }

    return compute


def stage_moves(organisation: Organisation) -> list[StageMove]:
    return stage_history(organisation).moves


def _median_days(moves: list[StageMove]) -> Point | None:
    return Point(float(statistics.median(move.days for move in moves))) if moves else None


def _stage_indicator(order: int) -> Indicator:
    ordinal = ORDINALS[order - 1]
    defaults = "; ".join(
        f"{method.stages[order - 1].name} in {method.name}"
        for method in DEFAULT_METHODS
        if len(method.stages) >= order
    )
    return Indicator(
        key=f"projects-at-stage-{order}",
        name=f"Projects at stage {order} of their method",
        definition=f"The number of projects in progress (proposed, active or sustaining) at "
        f"the month's end whose stage then was the {ordinal} of their method's {STAGE_COUNT} "
        f"(as Kaizen ships them: {defaults}). Each project's stage and status at that day are "
        "replayed from the audit trail, which records every move and change of status since "
        "it was created at the first stage. A month with none is zero.",
        unit_label="projects",
        chart="xmr",
        improvement="neutral",
        compute=_at_stage(order),
    )


STAGE_INDICATORS: tuple[Indicator, ...] = (
    *(_stage_indicator(order) for order in range(1, STAGE_COUNT + 1)),
    Indicator(
        key="days-between-stages",
        name="Median days before a project moves on a stage",
        definition="For the moves of projects on to a later stage of their method made in the "
        "month, the median number of days from the day the project entered the stage it left "
        "(its creation, for the first stage) to the move, read from the audit trail. A move "
        "back to an earlier stage is not counted, but the days in the stage start again "
        "from it. No moves: no point.",
        unit_label="days",
        chart="xmr",
        improvement="decrease",
        compute=counted(stage_moves, lambda move: move.moved_on, _median_days, zero_months=False),
        evidences=("systems",),
    ),
)

# Everything the projects feed, declared on ProgrammeConfig (portfolio.py cannot hold the stage
# indicators: they read its month ends).
PROGRAMME_INDICATORS = PROJECT_INDICATORS + STAGE_INDICATORS
