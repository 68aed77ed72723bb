"""Periods a measure has no figure for, between its first and its last, at its own frequency.

A chart that joins the points either side of a missing month draws a line through data nobody
has: the chart leaves a gap there instead, and the page lists what is missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import pairwise

from kaizen.measures.models import Measure

# A gap is walked period by period: a daily measure with years missing stops counting here.
MAX_MISSING = 10_000
_MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}


def next_period(frequency: str, start: dt.date) -> dt.date:
    """The start of the period after the one starting on ``start``."""
    if months := _MONTHS.get(frequency):
        month = start.month - 1 + months
        return dt.date(start.year + month // 12, month % 12 + 1, 1)
    return start + dt.timedelta(days=7 if frequency == "weekly" else 1)


def has_gaps(measure: Measure) -> bool:
    """Whether missing periods mean anything: g and t charts plot events, not periods."""
    return measure.chart not in ("g", "t")


def missing_between(measure: Measure, before: dt.date, after: dt.date) -> list[dt.date]:
    """The starts of the periods strictly between two periods with figures."""
    missing: list[dt.date] = []
    day = next_period(measure.frequency, measure.period_start(before))
    end = measure.period_start(after)
    while day < end and len(missing) < MAX_MISSING:
        missing.append(day)
        day = next_period(measure.frequency, day)
    return missing


def missing_periods(measure: Measure, periods: Sequence[dt.date | int]) -> list[dt.date]:
    """Every missing period of a series (sorted periods), at most MAX_MISSING of them."""
    if not has_gaps(measure):
        return []
    missing: list[dt.date] = []
    for before, after in pairwise(periods):
        if isinstance(before, dt.date) and isinstance(after, dt.date):
            missing += missing_between(measure, before, after)
        if len(missing) >= MAX_MISSING:
            break
    return missing[:MAX_MISSING]
