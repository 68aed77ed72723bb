"""QI dosage: for each unit and tier, the people trained at that tier or deeper against the
unit's headcount and target, rolled up the hierarchy.

A person trained at practitioner level also counts towards foundation and awareness: the
targets say how much of a team has at least that much capability. Built from four queries and
one pass up the tree, so a trust of 15,000 staff in 300 units answers in a fraction of a second
(bench/training_dosage.py).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
from django.db.models import Min

from kaizen.accounts.models import Membership, Organisation, OrgUnit
from kaizen.projects.models import PDSACycle, TeamMember
from kaizen.training.models import DosageTarget, Headcount, Tier, TrainingRecord
from kaizen.training.tree import depth_first, lineage


@dataclass(frozen=True, slots=True)
class Cell:
    """One unit's figures at one tier, worked out once: the page has thousands of them."""

    trained: int
    target_percent: int
    percent: int
    meets: bool

    @classmethod
    def of(cls, trained: int, target_percent: int, headcount: int) -> Cell:
        share = 100 * trained / headcount if headcount else 0.0
        return cls(trained, target_percent, round(share), share >= target_percent)


@dataclass(frozen=True)
class Row:
    unit: OrgUnit
    depth: int
    headcount: int
    cells: list[Cell]


def first_trained(organisation: Organisation, tiers: list[Tier]) -> np.ndarray:
    """Rows of (person, tier rank, first day trained at that tier as an ordinal): one grouped
    query without a join, which both the table and the trend read."""
    rank_of = {tier.pk: tier.rank for tier in tiers}
    rows = [
        (person_id, rank_of[tier_id], first.toordinal())
        for person_id, tier_id, first in TrainingRecord.objects.filter(organisation=organisation)
        .values("person_id", "tier_id")
        .annotate(first=Min("completed_on"))
        .values_list("person_id", "tier_id", "first")
        .order_by()
    ]
    return np.array(rows, dtype=np.int64).reshape(-1, 3)


def dosage(organisation: Organisation, tiers: list[Tier], firsts: np.ndarray) -> list[Row]:
    units = list(OrgUnit.objects.filter(organisation=organisation))
    # Each person's deepest rank: the last written wins when sorted by rank.
    by_rank = firsts[np.argsort(firsts[:, 1], kind="stable")]
    rank = dict(zip(by_rank[:, 0].tolist(), by_rank[:, 1].tolist(), strict=True))
    # Direct (not rolled up) members of each unit, by the deepest rank they are trained at.
    members: dict[int, int] = defaultdict(int)
    deepest: Counter[tuple[int, int]] = Counter()
    for person_id, unit_id in Membership.objects.filter(
        organisation=organisation, unit__isnull=False
    ).values_list("user_id", "unit_id"):
        members[unit_id] += 1
        deepest[unit_id, rank.get(person_id, 0)] += 1
    entered = dict(
        Headcount.objects.filter(unit__organisation=organisation).values_list("unit_id", "staff")
    )
    # Each unit's own staff and people trained, added to it and every unit above it.
    up = lineage(units)
    heads: Counter[int] = Counter()
    trained: Counter[tuple[int, int]] = Counter()
    for unit in units:
        for above in up[unit.pk]:
            heads[above] += entered.get(unit.pk, members[unit.pk])
    for (unit_id, reached), count in deepest.items():
        for above in up.get(unit_id, ()):
            for tier in tiers:
                if reached >= tier.rank:
                    trained[above, tier.rank] += count
    targets = unit_targets(organisation)
    return [
        Row(
            unit,
            depth,
            heads[unit.pk],
            [
                Cell.of(trained[unit.pk, t.rank], target(targets, unit, t), heads[unit.pk])
                for t in tiers
            ],
        )
        for unit, depth in depth_first(units)
    ]


def unit_targets(organisation: Organisation) -> dict[tuple[int, int], int]:
    """The units' own targets by (unit, tier)."""
    return {
        (unit_id, tier_id): percent
        for unit_id, tier_id, percent in DosageTarget.objects.filter(
            unit__organisation=organisation
        ).values_list("unit_id", "tier_id", "target_percent")
    }


def target(targets: dict[tuple[int, int], int], unit: OrgUnit, tier: Tier) -> int:
    return targets.get((unit.pk, tier.pk), tier.default_target_percent)


def quarters_back(today: dt.date, count: int) -> list[dt.date]:
    """The last day of each of the last ``count`` quarters, oldest first, ending this quarter."""
    ends = []
    year, quarter = today.year, (today.month - 1) // 3
    for _ in range(count):
        month = quarter * 3 + 3
        first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
        ends.append(first_of_next - dt.timedelta(days=1))
        year, quarter = (year, quarter - 1) if quarter else (year - 1, 3)
    return ends[::-1]


def month_ends(today: dt.date, count: int) -> list[dt.date]:
    """The last day of each of the last ``count`` months, oldest first, ending this month."""
    ends = []
    first = today.replace(day=1)
    for _ in range(count):
        following = (first + dt.timedelta(days=32)).replace(day=1)
        ends.append(following - dt.timedelta(days=1))
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return ends[::-1]


def people_in(organisation: Organisation, unit: OrgUnit) -> list[int]:
    """The members of ``unit`` and of every unit below it."""
    below = {
        unit_id
        for unit_id, chain in lineage(OrgUnit.objects.filter(organisation=organisation)).items()
        if unit.pk in chain
    }
    return list(
        Membership.objects.filter(organisation=organisation, unit__in=below).values_list(
            "user_id", flat=True
        )
    )


def trained_over_time(
    tiers: list[Tier], firsts: np.ndarray, ends: list[dt.date]
) -> dict[int, list[int]]:
    """For each tier's rank, how many people were trained at it or deeper by each date."""
    # By person, then date: each person's first row at a rank or deeper is their first date.
    rows = firsts[np.lexsort((firsts[:, 2], firsts[:, 0]))]
    days = np.array([end.toordinal() for end in ends], dtype=np.int64)
    series = {}
    for tier in tiers:
        deep = rows[rows[:, 1] >= tier.rank]
        _, first_rows = np.unique(deep[:, 0], return_index=True)
        dates = np.sort(deep[first_rows, 2])
        series[tier.rank] = np.searchsorted(dates, days, side="right").tolist()
    return series


ACTIVE_DAYS = 90


def active_improvers(
    organisation: Organisation, tiers: list[Tier], firsts: np.ndarray, today: dt.date
) -> dict[int, tuple[int, int]]:
    """For each tier's rank: (people trained at it or deeper, of whom active improvers), an
    active improver being on the team of a project worked on, or having started a PDSA cycle,
    in the last ACTIVE_DAYS days."""
    since = today - dt.timedelta(days=ACTIVE_DAYS)
    on_teams = TeamMember.objects.filter(
        project__organisation=organisation, project__updated_at__date__gte=since
    ).values_list("user_id", flat=True)
    cycles = PDSACycle.objects.filter(
        idea__project__organisation=organisation, created_at__date__gte=since
    ).values_list("created_by_id", flat=True)
    active = {pk for pk in [*on_teams, *cycles] if pk is not None}
    deepest: dict[int, int] = {}
    for person_id, rank in firsts[:, :2].tolist():
        deepest[person_id] = max(rank, deepest.get(person_id, 0))
    return {
        tier.rank: (
            sum(1 for r in deepest.values() if r >= tier.rank),
            sum(1 for p, r in deepest.items() if r >= tier.rank and p in active),
        )
        for tier in tiers
    }
