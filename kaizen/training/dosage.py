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
from django.db.models import CharField, Min
from django.db.models.functions import Cast

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


# Above any tier's rank (an organisation has a handful of tiers).
RANKS = 1024
# numpy counts days from 1970-01-01; date.toordinal() from 0001-01-01.
ORDINAL_OF_1970 = dt.date(1970, 1, 1).toordinal()


def first_trained(organisation: Organisation, tiers: list[Tier]) -> np.ndarray:
    """Rows of (person, tier rank, first day trained at that tier as an ordinal): one grouped
    query without a join, which both the table and the trend read."""
    rows = list(
        TrainingRecord.objects.filter(organisation=organisation)
        .values("person_id", "tier_id")
        # The day as ISO text, which numpy parses in one call (a date object per row is slow).
        .annotate(first=Cast(Min("completed_on"), CharField()))
        .values_list("person_id", "tier_id", "first")
        .order_by()
    )
    if not rows:
        return np.empty((0, 3), dtype=np.int64)
    people, tier_ids, days = zip(*rows, strict=True)
    rank_of = {tier.pk: tier.rank for tier in tiers}
    ordinals = np.array(days, dtype="datetime64[D]").astype(np.int64) + ORDINAL_OF_1970
    ranks = np.fromiter((rank_of[pk] for pk in tier_ids), dtype=np.int64, count=len(rows))
    return np.column_stack([np.array(people, dtype=np.int64), ranks, ordinals])


def deepest_ranks(firsts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The trained people's ids (sorted) and the deepest rank each is trained at."""
    people, row_person = np.unique(firsts[:, 0], return_inverse=True)
    deepest = np.zeros(len(people), dtype=np.int64)
    np.maximum.at(deepest, row_person, firsts[:, 1])
    return people, deepest


def rank_of_each(person_ids: np.ndarray, firsts: np.ndarray) -> np.ndarray:
    """The deepest rank each of ``person_ids`` is trained at (0: not trained)."""
    people, deepest = deepest_ranks(firsts)
    if not len(people):
        return np.zeros(len(person_ids), dtype=np.int64)
    at = np.minimum(np.searchsorted(people, person_ids), len(people) - 1)
    return np.where(people[at] == person_ids, deepest[at], 0)


def dosage(organisation: Organisation, tiers: list[Tier], firsts: np.ndarray) -> list[Row]:
    units = list(OrgUnit.objects.filter(organisation=organisation))
    placed = np.array(
        Membership.objects.filter(organisation=organisation, unit__isnull=False).values_list(
            "user_id", "unit_id"
        ),
        dtype=np.int64,
    ).reshape(-1, 2)
    # Direct (not rolled up) members of each unit, and of them how many reached each rank.
    unit_ids, counts = np.unique(placed[:, 1], return_counts=True)
    members: defaultdict[int, int] = defaultdict(
        int, zip(unit_ids.tolist(), counts.tolist(), strict=True)
    )
    reached = rank_of_each(placed[:, 0], firsts)
    # One key per (unit, rank): ranks are small, so unit * RANKS + rank is unique.
    keys, counts = np.unique(placed[:, 1] * RANKS + reached, return_counts=True)
    deepest = Counter(
        {divmod(key, RANKS): n for key, n in zip(keys.tolist(), counts.tolist(), strict=True)}
    )
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
    for (unit_id, rank), count in deepest.items():
        for above in up.get(unit_id, ()):
            for tier in tiers:
                if rank >= tier.rank:
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
    active = [pk for pk in [*on_teams, *cycles] if pk is not None]
    people, deepest = deepest_ranks(firsts)
    is_active = np.isin(people, active)
    return {
        tier.rank: (
            int((deepest >= tier.rank).sum()),
            int(((deepest >= tier.rank) & is_active).sum()),
        )
        for tier in tiers
    }
