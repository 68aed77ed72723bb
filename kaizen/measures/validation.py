"""What makes a data point's numbers valid, decided once for every way a point arrives.

The model (and so the entry form and any service), the upload checks in kaizen.imports and the
API all call ``check_point``: one set of rules, one wording. The rules follow the chart:

* P and P′ charts plot a proportion, numerator over denominator: both whole numbers, the
  denominator above 0, the numerator from 0 up to the denominator. A proportion is decided by
  the chart alone; the unit label is free text ("%", "percent") and decides nothing.
* U and U′ charts plot a rate, events over exposure: a whole, non-negative number of events over
  a denominator above 0 that may be a fraction (0.5 thousand bed days) and may be smaller.
* Every other chart plots a value, or a numerator over a denominator given together (the value
  is then their quotient); C and G charts count events (whole and non-negative) and T charts
  time between them (non-negative). XmR, run and moving-range charts take any finite number.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kaizen_spc.types import RATIO_CHARTS

PROPORTION_CHARTS = frozenset({"p", "pp"})
# Charts whose plotted value counts events, and the charts whose numerator does.
COUNT_CHARTS = frozenset({"c", "g"})
COUNTED_NUMERATOR_CHARTS = frozenset({"p", "pp", "u", "up"})
NON_NEGATIVE_CHARTS = frozenset({"c", "g", "t"})
# Charts where a value alone (no numerator) needs no check beyond being there.
ANY_VALUE_CHARTS = frozenset({"xmr", "run", "mr"})


class PointKind(StrEnum):
    """What is wrong; the upload summarises its problems by these (same texts as there)."""

    MISSING_VALUE = "missing value"
    NEGATIVE = "negative number"
    ZERO_DENOMINATOR = "denominator of zero"
    NUMERATOR_ABOVE_DENOMINATOR = "numerator above denominator"
    NOT_WHOLE = "not a whole number"


@dataclass(frozen=True)
class PointProblem:
    """One thing wrong with a point: the field to show it beside, its kind and the message.
    ``detail`` repeats the figures, for an upload's list of rows where no field is beside it."""

    field: str
    kind: PointKind
    message: str
    detail: str = ""

    @property
    def row_message(self) -> str:
        return self.detail or self.message


# The numbers to store: value, numerator, denominator. A ratio chart keeps only its numerator
# and denominator. (A plain tuple: an upload makes one per row.)
PointNumbers = tuple[float | None, float | None, float | None]


def check_point(
    chart: str, value: float | None, numerator: float | None, denominator: float | None
) -> tuple[PointNumbers, list[PointProblem]]:
    """The numbers to store and every problem with them for a measure drawn as ``chart``."""
    if chart in RATIO_CHARTS:
        value = None
    problems = _missing(chart, value, numerator, denominator) or _bad_denominator(denominator)
    # The commonest point of all, a plain value on an XmR or run chart, is done.
    if not problems and (numerator is not None or chart not in ANY_VALUE_CHARTS):
        problems = _bad_numerator(chart, numerator, denominator)
        problems += _bad_count(chart, value, numerator, denominator)
    return (value, numerator, denominator), problems


def _missing(
    chart: str, value: float | None, numerator: float | None, denominator: float | None
) -> list[PointProblem]:
    has_numerator, has_denominator = numerator is not None, denominator is not None
    if chart in RATIO_CHARTS and not (has_numerator and has_denominator):
        message = "Enter both a numerator and a denominator for this chart"
        return [PointProblem("numerator", PointKind.MISSING_VALUE, message)]
    if has_numerator != has_denominator:
        field = "numerator" if has_denominator else "denominator"
        message = "Enter both a numerator and a denominator, or neither"
        return [PointProblem(field, PointKind.MISSING_VALUE, message)]
    if value is None and not has_numerator:
        message = "Enter a value, or a numerator and a denominator"
        return [PointProblem("value", PointKind.MISSING_VALUE, message)]
    return []


def _bad_denominator(denominator: float | None) -> list[PointProblem]:
    if denominator is not None and denominator < 0:
        message = "The denominator cannot be negative"
        return [PointProblem("denominator", PointKind.NEGATIVE, message)]
    if denominator == 0:
        message = "The denominator must be more than 0"
        return [PointProblem("denominator", PointKind.ZERO_DENOMINATOR, message)]
    return []


def _bad_numerator(
    chart: str, numerator: float | None, denominator: float | None
) -> list[PointProblem]:
    if numerator is None or denominator is None:
        return []
    if numerator < 0:
        message = "The numerator cannot be negative"
        return [PointProblem("numerator", PointKind.NEGATIVE, message)]
    if chart in PROPORTION_CHARTS and numerator > denominator:
        return [
            PointProblem(
                "numerator",
                PointKind.NUMERATOR_ABOVE_DENOMINATOR,
                "The numerator cannot be more than the denominator",
                f"numerator {numerator:g} is above the denominator {denominator:g}",
            )
        ]
    return []


def _bad_count(
    chart: str, value: float | None, numerator: float | None, denominator: float | None
) -> list[PointProblem]:
    """Counts of events (or of patients) are whole numbers; counts and times are not negative."""
    problems = []
    if chart in COUNTED_NUMERATOR_CHARTS:
        if numerator is not None and numerator % 1:
            problems.append(_not_whole("numerator", numerator))
        if chart in PROPORTION_CHARTS and denominator is not None and denominator % 1:
            problems.append(_not_whole("denominator", denominator))
        return problems
    value = plotted(value, numerator, denominator)
    if chart in NON_NEGATIVE_CHARTS and value is not None and value < 0:
        message = "The value cannot be negative: this chart counts events or the time between them"
        problems.append(PointProblem("value", PointKind.NEGATIVE, message))
    elif chart in COUNT_CHARTS and value is not None and value % 1:
        problems.append(_not_whole("value", value))
    return problems


def _not_whole(field: str, number: float) -> PointProblem:
    return PointProblem(
        field,
        PointKind.NOT_WHOLE,
        f"The {field} must be a whole number: this chart counts events",
        f"{field} {number:g} is not a whole number",
    )


def plotted(
    value: float | None, numerator: float | None, denominator: float | None
) -> float | None:
    """The value as entered, else the numerator over the denominator (before multiplying)."""
    if value is not None:
        return value
    if numerator is not None and denominator:
        return numerator / denominator
    return None
