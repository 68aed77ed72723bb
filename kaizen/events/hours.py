"""Hours released for improvement, per unit and month: the hours events released their teams
for (each participant's release, in the month of the event's first day and the event's unit)
beside the hours of training attended (training.hours), both rolled up the hierarchy the same
way (training.hours.rolled_up), and their total."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from kaizen.accounts.models import Organisation, OrgUnit
from kaizen.events.indicators import released_hours
from kaizen.training.hours import HoursRow, hours_released, rolled_up


def event_hours(organisation: Organisation, months: Sequence[dt.date]) -> list[HoursRow]:
    """The organisation's row, then each unit's: its events' hours and its units' events'."""
    released = (
        (fact.unit_id, fact.day.replace(day=1), fact.weight)
        for fact in released_hours(organisation)
        if fact.day is not None
    )
    return rolled_up(organisation, months, released)


@dataclass(frozen=True)
class ImprovementRow:
    """A unit's hours released by month, for events and for training (None: the organisation)."""

    unit: OrgUnit | None
    depth: int
    events: list[float]
    training: list[float]

    @property
    def total(self) -> list[float]:
        return [round(e + t, 1) for e, t in zip(self.events, self.training, strict=True)]

    @property
    def lines(self) -> list[tuple[str, list[float], float]]:
        """Its three lines as the table shows them: name, hours by month, hours in all."""
        return [
            ("Events", self.events, round(sum(self.events), 1)),
            ("Training", self.training, round(sum(self.training), 1)),
            ("Total", self.total, round(sum(self.total), 1)),
        ]


def improvement_hours(
    organisation: Organisation, months: Sequence[dt.date]
) -> list[ImprovementRow]:
    events = event_hours(organisation, months)
    training = hours_released(organisation, months)
    rows = []
    for by_event, by_training in zip(events, training, strict=True):
        # Both walk the same units in the same order (training.tree.depth_first).
        assert by_event.unit == by_training.unit
        rows.append(
            ImprovementRow(by_event.unit, by_event.depth, by_event.by_month, by_training.by_month)
        )
    return rows
