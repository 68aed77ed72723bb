"""A control plan's lines as the team reads them: each measure's chart now, in Making Data
Count's words, and whether it calls for the reaction plan (special cause in the wrong
direction)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kaizen.measures.icons import VARIATION_LABELS
from kaizen.projects.lean.models import ControlPlanItem


@dataclass(frozen=True)
class PlanLine:
    item: ControlPlanItem
    variation: str  # a Making Data Count variation code, "" with too little data

    @property
    def reading(self) -> str:
        return VARIATION_LABELS.get(self.variation, "Not enough data for limits yet")

    @property
    def react(self) -> bool:
        """Special cause of concern: the owner follows the reaction plan now."""
        return self.variation.startswith("concern")


def plan_lines(items: Iterable[ControlPlanItem]) -> list[PlanLine]:
    lines = []
    for item in items:
        summary = item.measure.current_headline().get("summary", {})
        lines.append(PlanLine(item, summary.get("variation_icon") or ""))
    return lines
