"""Hours released for training: for each unit and month, the hours its people spent on sessions
they attended (each session's length, for each place marked present), rolled up the hierarchy.
The same reading of places as the "Hours released for training" indicator."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from kaizen.accounts.models import Organisation, OrgUnit
from kaizen.training.indicators import PRESENT, places
from kaizen.training.tree import depth_first, lineage


@dataclass(frozen=True)
class HoursRow:
    """A unit's hours by month (None: the whole organisation, everyone's hours)."""

    unit: OrgUnit | None
    depth: int
    by_month: list[float]

    @property
    def total(self) -> float:
        return sum(self.by_month)


def hours_released(organisation: Organisation, months: Sequence[dt.date]) -> list[HoursRow]:
    """The organisation's row, then each unit's (its own people's hours and its units')."""
    wanted = set(months)
    units = list(OrgUnit.objects.filter(organisation=organisation))
    up = lineage(units)
    hours: defaultdict[tuple[int | None, dt.date], float] = defaultdict(float)
    for place in places(organisation):
        if place.attendance != PRESENT or place.held_in not in wanted:
            continue
        for unit_id in (None, *up.get(place.unit_id or 0, ())):
            hours[unit_id, place.held_in] += place.hours

    def row(unit: OrgUnit | None, depth: int) -> HoursRow:
        key = unit.pk if unit else None
        return HoursRow(unit, depth, [round(hours[key, month], 1) for month in months])

    return [row(None, 0), *(row(unit, depth) for unit, depth in depth_first(units))]
