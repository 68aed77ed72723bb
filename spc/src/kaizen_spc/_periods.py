"""Gaps in the periods: which periods a series is missing, for every series at once.

Neither reference notices a gap (NHSRplotthedots issue #138); Kaizen names the missing periods in
a warning. A series of dates that all fall on the same day of the month (or all on month ends)
is counted in months, any other in days; its step is the greatest common divisor of its steps
(1 month: monthly, 3: quarterly, 12: yearly; 1 day: daily, 7: weekly). Integer periods step by 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from kaizen_spc._arrays import Bools, Ints
from kaizen_spc._numeric import broadcast, lag

# Named steps: (counted in months, step) -> the adjective used in warnings.
FREQUENCIES = {
    (False, 1): "daily",
    (False, 7): "weekly",
    (True, 1): "monthly",
    (True, 3): "quarterly",
    (True, 12): "yearly",
}


@dataclass(frozen=True)
class Gaps:
    """Missing periods per series, and the first few of them by name."""

    # Per series: how many periods are missing, the step between periods and its unit.
    count: Ints
    step: Ints
    in_months: Bools
    period_is_date: bool
    # The first ``listed`` missing periods of each series (days since 1970-01-01 for dates).
    listed_series: Ints
    listed_period: Ints

    def frequencies(self) -> NDArray[np.str_]:
        """Per series, the name of its frequency ("monthly", ...), or "" when it has none."""
        if not self.period_is_date:
            return np.full(len(self.step), "")
        conditions = [
            (self.in_months == in_months) & (self.step == step) for in_months, step in FREQUENCIES
        ]
        return np.select(conditions, list(FREQUENCIES.values()), "")


def find_gaps(period: Ints, period_is_date: bool, series_offsets: Ints, listed: int = 5) -> Gaps:
    """The periods missing between the first and last period of every series.

    >>> months = np.array(["2020-01-01", "2020-02-01", "2020-05-01"], dtype="datetime64[D]")
    >>> gaps = find_gaps(months.astype(np.int64), True, np.array([0, 3]))
    >>> gaps.count.tolist(), gaps.frequencies().tolist()
    ([2], ['monthly'])
    >>> gaps.listed_period.astype("datetime64[D]").astype(str).tolist()
    ['2020-03-01', '2020-04-01']
    >>> find_gaps(np.array([1, 2, 5, 1, 2]), False, np.array([0, 3, 5])).count.tolist()
    [2, 0]
    """
    series_count = len(series_offsets) - 1
    in_months = np.zeros(series_count, dtype=np.bool_)
    position = period
    if period_is_date:
        calendar = _Calendar.of(period)
        month_ends = calendar.all_month_ends(series_offsets)
        in_months = calendar.same_day_of_month(series_offsets) | month_ends
        position = np.where(broadcast(in_months, series_offsets), calendar.month, period)
    starts = series_offsets[:-1]
    distance = position - lag(position, series_offsets, 0)
    distance[starts] = 0
    step = (
        np.maximum(np.gcd.reduceat(distance, starts), 1)
        if period_is_date and len(period)
        else np.ones(series_count, dtype=np.int64)
    )
    every = broadcast(step, series_offsets)
    missing = distance - 1 if (step == 1).all() else distance // every - 1
    missing[starts] = 0
    count = np.add.reduceat(missing, starts) if len(period) else missing

    gap_end = np.flatnonzero(missing > 0)
    shown = np.minimum(missing[gap_end], listed)
    before = np.repeat(gap_end - 1, shown)
    # The k-th missing period of its gap, k = 1, 2, ..., shown.
    k = np.arange(len(before)) - np.repeat(np.cumsum(shown) - shown, shown) + 1
    listed_period = position[before] + k * every[before]
    series = np.searchsorted(series_offsets, before, side="right") - 1
    keep = np.arange(len(series)) - np.searchsorted(series, series) < listed
    series, before, listed_period = series[keep], before[keep], listed_period[keep]
    if period_is_date:
        by_month = in_months[series]
        listed_period = np.where(
            by_month,
            calendar.day_in(listed_period, before, month_ends[series]),
            listed_period,
        )
    return Gaps(count, step, in_months, period_is_date, series, listed_period)


@dataclass(frozen=True)
class _Calendar:
    month: Ints
    # 0 on the first of the month.
    day_of_month: Ints
    month_end: Bools

    @classmethod
    def of(cls, days: Ints) -> _Calendar:
        # numpy's calendar conversions are slow per element, so convert whichever is shorter:
        # the days themselves (one short series) or each day of their range once, looked up.
        first, last = (int(days.min()), int(days.max())) if len(days) else (0, -1)
        if len(days) < last - first:
            month = _month_of(days)
            day_of_month = days - _month_start(month)
            next_month_start = _month_start(month + 1)
            return cls(month, day_of_month, days + 1 == next_month_start)
        span = np.arange(first, last + 2, dtype=np.int64)
        month = _month_of(span)
        day_of_month = span - _month_start(month)
        at = days - first
        return cls(
            month=month[at],
            day_of_month=day_of_month[at],
            month_end=(day_of_month[1:] == 0)[at],
        )

    def same_day_of_month(self, series_offsets: Ints) -> Bools:
        firsts = broadcast(self.day_of_month[series_offsets[:-1]], series_offsets)
        return np.logical_and.reduceat(self.day_of_month == firsts, series_offsets[:-1])

    def all_month_ends(self, series_offsets: Ints) -> Bools:
        return np.logical_and.reduceat(self.month_end, series_offsets[:-1])

    def day_in(self, month: Ints, like: Ints, month_end: Bools) -> Ints:
        """The day of ``month`` matching point ``like``: the same day of the month, or its end."""
        return np.where(
            month_end, _month_start(month + 1) - 1, _month_start(month) + self.day_of_month[like]
        )


def _month_of(days: Ints) -> Ints:
    return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def _month_start(month: Ints) -> Ints:
    return month.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
