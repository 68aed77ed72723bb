"""A measure's operational definition as it travels between organisations: in a change package,
in a network's shared measure, and back into an adopter's own measure."""

from __future__ import annotations

from typing import Any

from kaizen.measures.models import Measure

# What a measure is and how it is read; never its data, owner, unit, target or data source,
# which belong to each organisation.
DEFINITION_FIELDS = (
    "name",
    "description",
    "numerator_definition",
    "denominator_definition",
    "unit_label",
    "kind",
    "frequency",
    "improvement",
    "chart",
    "rules",
    "multiplier",
    "show_2s",
    "baseline_points",
)


def definition_of(measure: Measure) -> dict[str, Any]:
    return {name: getattr(measure, name) for name in DEFINITION_FIELDS}


def measure_values(definition: dict[str, Any]) -> dict[str, Any]:
    """The fields to create a measure with; a definition from an older version lacking a field
    leaves the measure's default."""
    return {name: definition[name] for name in DEFINITION_FIELDS if name in definition}
