"""Hours released for training: for each unit and month, the hours its people spent on sessions
they attended (each session's length, for each place marked present), rolled up the hierarchy.
The same reading of places as the "Hours released for training" indicator. ``rolled_up`` adds
up any hours by unit and month this way (events' hours released use it too)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils import timezone

from kaizen.accounts.models import Organisation, OrgUnit
from kaizen.training.indicators import places
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


def rolled_up(
    organisation: Organisation,
    months: Sequence[dt.date],
    hours: Iterable[tuple[int | None, dt.date, float]],
) -> list[HoursRow]:
    """The organisation's row, then each unit's, parents first: each (unit id, first day of the
    month, hours) counted in its unit, every unit above it, and the organisation."""
    wanted = set(months)
    units = list(OrgUnit.objects.filter(organisation=organisation))
    up = lineage(units)
    summed: defaultdict[tuple[int | None, dt.date], float] = defaultdict(float)
    for unit_id, month, amount in hours:
        if month not in wanted:
            continue
        for key in (None, *up.get(unit_id or 0, ())):
            summed[key, month] += amount

    def row(unit: OrgUnit | None, depth: int) -> HoursRow:
        key = unit.pk if unit else None
        return HoursRow(unit, depth, [round(summed[key, month], 1) for month in months])

    return [row(None, 0), *(row(unit, depth) for unit, depth in depth_first(units))]


def hours_released(organisation: Organisation, months: Sequence[dt.date]) -> list[HoursRow]:
    """The organisation's row, then each unit's (its own people's hours and its units')."""
    if not months:
        return rolled_up(organisation, months, ())
    after_last = (months[-1] + dt.timedelta(days=32)).replace(day=1)
    window = (_midnight(months[0]), _midnight(after_last))
    attended = places(organisation, starting=window, present_only=True)
    return rolled_up(organisation, months, ((p.unit_id, p.held_in, p.hours) for p in attended))


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))
