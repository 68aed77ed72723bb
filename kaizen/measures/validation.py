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


@dataclass(frozen=True)
class PointNumbers:
    """The numbers to store: a ratio chart keeps only its numerator and denominator."""

    value: float | None
    numerator: float | None
    denominator: float | None


def check_point(
    chart: str, value: float | None, numerator: float | None, denominator: float | None
) -> tuple[PointNumbers, list[PointProblem]]:
    """The numbers to store and every problem with them for a measure drawn as ``chart``."""
    if chart in RATIO_CHARTS:
        value = None
    numbers = PointNumbers(value, numerator, denominator)
    problems = _missing(chart, numbers) or _bad_denominator(denominator)
    if not problems:
        problems = [*_bad_numerator(chart, numbers), *_bad_count(chart, numbers)]
    return numbers, problems


def _missing(chart: str, numbers: PointNumbers) -> list[PointProblem]:
    has_numerator, has_denominator = numbers.numerator is not None, numbers.denominator is not None
    if chart in RATIO_CHARTS and not (has_numerator and has_denominator):
        message = "Enter both a numerator and a denominator for this chart"
        return [PointProblem("numerator", PointKind.MISSING_VALUE, message)]
    if has_numerator != has_denominator:
        field = "numerator" if has_denominator else "denominator"
        message = "Enter both a numerator and a denominator, or neither"
        return [PointProblem(field, PointKind.MISSING_VALUE, message)]
    if numbers.value is None and not has_numerator:
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


def _bad_numerator(chart: str, numbers: PointNumbers) -> list[PointProblem]:
    numerator, denominator = numbers.numerator, numbers.denominator
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


def _bad_count(chart: str, numbers: PointNumbers) -> list[PointProblem]:
    """Counts of events (or of patients) are whole numbers; counts and times are not negative."""
    problems = []
    if chart in COUNTED_NUMERATOR_CHARTS:
        counted = {"numerator": numbers.numerator}
        if chart in PROPORTION_CHARTS:
            counted["denominator"] = numbers.denominator
        problems += [
            _not_whole(field, number)
            for field, number in counted.items()
            if number is not None and not float(number).is_integer()
        ]
    value = plotted(numbers.value, numbers.numerator, numbers.denominator)
    if chart in NON_NEGATIVE_CHARTS and value is not None and value < 0:
        message = "The value cannot be negative: this chart counts events or the time between them"
        problems.append(PointProblem("value", PointKind.NEGATIVE, message))
    elif chart in COUNT_CHARTS and value is not None and not float(value).is_integer():
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
