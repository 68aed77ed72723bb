"""The value-stream map's figures and drawing: lead time, value-added time and their ratio,
rolled first-time quality, and each step's box and the timeline's ladder laid out for an SVG
(laid out here, drawn by a template, so the page, its live preview and the PDF draw alike)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from kaizen.projects.lean.models import MapStep

BOX_WIDTH = 120
GAP = 40
MARGIN = 10
HEIGHT = 150


class Step(Protocol):
    """What a map needs of a step: a saved MapStep, or one typed but not yet saved."""

    state: str
    name: str
    cycle_minutes: float
    wait_minutes: float
    people: int
    first_time_quality: int


@dataclass(frozen=True)
class Box:
    step: Step
    x: int

    @property
    def centre(self) -> int:
        return self.x + BOX_WIDTH // 2


@dataclass(frozen=True)
class StateMap:
    state: str
    label: str
    steps: list[Step]
    lead_minutes: float
    value_added_minutes: float
    rolled_quality: float  # percent
    boxes: list[Box]
    width: int
    height: int = HEIGHT

    @property
    def ratio(self) -> float:
        """Value-added time as a percentage of the lead time."""
        return 100 * self.value_added_minutes / self.lead_minutes if self.lead_minutes else 0.0

    @property
    def ladder(self) -> str:
        """The timeline under the boxes as SVG path data: up across each wait (the gap before
        a box), down across each step's cycle time (under the box)."""
        high, low = HEIGHT - 40, HEIGHT - 15
        points = [f"M {MARGIN} {high}"]
        for box in self.boxes:
            points += [f"H {box.x}", f"V {low}", f"H {box.x + BOX_WIDTH}", f"V {high}"]
        return " ".join(points)


def state_map(state: str, label: str, steps: Iterable[Step]) -> StateMap:
    steps = list(steps)
    value_added = sum(step.cycle_minutes for step in steps)
    lead = value_added + sum(step.wait_minutes for step in steps)
    quality = math.prod(step.first_time_quality / 100 for step in steps) * 100 if steps else 0.0
    boxes = [Box(step, MARGIN + GAP + i * (BOX_WIDTH + GAP)) for i, step in enumerate(steps)]
    width = max(MARGIN * 2 + len(steps) * (BOX_WIDTH + GAP) + GAP, 200)
    return StateMap(state, label, steps, lead, value_added, quality, boxes, width)


def maps(steps: Sequence[Step]) -> list[StateMap]:
    """The current and the future state, side by side, each from its steps in their order."""
    return [
        state_map(state, label, [step for step in steps if step.state == state])
        for state, label in MapStep.State.choices
    ]
