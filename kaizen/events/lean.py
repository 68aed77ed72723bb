"""The value-stream map's figures and drawing: lead time, value-added time and their ratio,
rolled first-time quality, and each step's box on an SVG timeline (laid out here, drawn by the
template, so the page needs no script)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from kaizen.events.models import MapStep

BOX_WIDTH = 110
GAP = 30
TOP = 20
BOX_HEIGHT = 60


@dataclass(frozen=True)
class Box:
    step: MapStep
    x: int


@dataclass(frozen=True)
class StateMap:
    label: str
    steps: list[MapStep]
    lead_minutes: float
    value_added_minutes: float
    rolled_quality: float  # percent
    boxes: list[Box]
    width: int

    @property
    def ratio(self) -> float:
        """Value-added time as a percentage of the lead time."""
        return 100 * self.value_added_minutes / self.lead_minutes if self.lead_minutes else 0.0


def state_map(label: str, steps: Sequence[MapStep]) -> StateMap:
    steps = list(steps)
    value_added = sum(step.cycle_minutes for step in steps)
    lead = value_added + sum(step.wait_minutes for step in steps)
    quality = math.prod(step.first_time_quality / 100 for step in steps) * 100 if steps else 0.0
    boxes = [Box(step, 10 + i * (BOX_WIDTH + GAP)) for i, step in enumerate(steps)]
    width = max(10 + len(steps) * (BOX_WIDTH + GAP), 200)
    return StateMap(label, steps, lead, value_added, quality, boxes, width)


def maps(steps: Sequence[MapStep]) -> list[StateMap]:
    """The current and the future state, side by side."""
    return [
        state_map(label, [s for s in steps if s.state == state])
        for state, label in MapStep.State.choices
    ]
