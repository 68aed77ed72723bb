"""Synthetic series that look like an NHS trust's data: counts, proportions and rates with
realistic noise, winter pressure, step changes after an improvement, and slow drifts.

Plain numpy, seeded, so the demo organisation is the same on every machine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

FREQUENCY_STEP = {"daily": 1, "weekly": 7}


@dataclass(frozen=True)
class Pattern:
    """How a series behaves over time. Positions are fractions of the series (0 = first
    period, 1 = last), so one pattern reads the same at any frequency."""

    level: float  # the mean at the start: a value, a count, a proportion, or a rate per unit
    spread: float = 0.0  # standard deviation of a value series; counts and ratios are Poisson
    shift_at: float | None = None  # where a step change happens (an improvement's effect)
    shift_by: float = 0.0  # the step's size, in the level's units
    drift: float = 0.0  # change of the level over the whole series, spread evenly (a trend)
    winter: float = 0.0  # relative rise in the level in January, fading by the summer
    denominator: float = 0.0  # mean denominator of a ratio (attendances, bed days, doses)
    spike_at: float | None = None  # one astronomical point (a special cause)
    decimals: int = 1

    def shift_index(self, count: int) -> int | None:
        return None if self.shift_at is None else round(self.shift_at * (count - 1))


@dataclass(frozen=True)
class Point:
    period: dt.date
    value: float | None
    numerator: float | None
    denominator: float | None


def periods_before(as_of: dt.date, frequency: str, count: int) -> list[dt.date]:
    """The ``count`` whole periods that ended before ``as_of``: days, Monday-started weeks,
    or months (dated on their first day), oldest first."""
    if frequency == "monthly":
        first = as_of.replace(day=1)
        months = [(first.year * 12 + first.month - 1) - back for back in range(count, 0, -1)]
        return [dt.date(month // 12, month % 12 + 1, 1) for month in months]
    step = FREQUENCY_STEP[frequency]
    last = as_of - dt.timedelta(days=step + (as_of.weekday() if step == 7 else 0))
    return [last - dt.timedelta(days=step * back) for back in range(count - 1, -1, -1)]


def expected_levels(pattern: Pattern, periods: list[dt.date]) -> np.ndarray:
    """The underlying mean at each period, before noise."""
    count = len(periods)
    position = np.linspace(0.0, 1.0, count)
    levels = pattern.level + pattern.drift * position
    if (shift := pattern.shift_index(count)) is not None:
        levels[shift:] += pattern.shift_by
    if pattern.winter:
        month = np.array([period.month for period in periods])
        # Highest in January, lowest in July.
        levels *= 1 + pattern.winter * (np.cos(2 * np.pi * (month - 1) / 12) + 1) / 2
    return levels


def generate(
    chart: str, pattern: Pattern, periods: list[dt.date], rng: np.random.Generator
) -> list[Point]:
    """One series for a chart type: ratios for p and u charts, counts for c, values otherwise."""
    levels = expected_levels(pattern, periods)
    if pattern.spike_at is not None:
        spike = round(pattern.spike_at * (len(periods) - 1))
        levels[spike] += 4 * max(pattern.spread, np.sqrt(max(levels[spike], 1.0)))
    if chart in ("p", "pp", "u", "up"):
        return _ratios(chart, pattern, levels, periods, rng)
    if chart == "c":
        counts = rng.poisson(np.clip(levels, 0, None))
        return [
            Point(period, float(n), None, None) for period, n in zip(periods, counts, strict=True)
        ]
    values = np.round(rng.normal(levels, pattern.spread), pattern.decimals)
    return [Point(period, float(v), None, None) for period, v in zip(periods, values, strict=True)]


def _ratios(
    chart: str,
    pattern: Pattern,
    levels: np.ndarray,
    periods: list[dt.date],
    rng: np.random.Generator,
) -> list[Point]:
    size = pattern.denominator * expected_levels(
        Pattern(level=1.0, winter=pattern.winter / 2), periods
    )
    denominators = np.maximum(rng.poisson(size), 1)
    if chart in ("p", "pp"):
        numerators = rng.binomial(denominators, np.clip(levels, 0.0, 1.0))
    else:
        numerators = rng.poisson(np.clip(levels, 0, None) * denominators)
    return [
        Point(period, None, float(n), float(d))
        for period, n, d in zip(periods, numerators, denominators, strict=True)
    ]
