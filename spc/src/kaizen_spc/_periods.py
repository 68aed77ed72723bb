"""Gaps in the periods: which periods a series is missing, for every series at once.

Neither reference notices a gap (NHSRplotthedots issue #138); Kaizen names the missing periods in
a warning. Dates are read as daily, weekly, monthly, quarterly or yearly: a series whose dates all
fall on the same day of the month (or all on month ends) is counted in months, in steps of 12 or
3 when every step is a multiple of them; any other series is counted in days, in steps of 7 when
every step is a multiple of 7. Integer periods step by 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kaizen_spc._arrays import Bools, Ints
from kaizen_spc._numeric import broadcast, lag, segment_starts

FREQUENCIES = ("daily", "weekly", "monthly", "quarterly", "yearly", "")
_DAILY, _WEEKLY, _MONTHLY, _QUARTERLY, _YEARLY, _INTEGER = range(6)
_STEPS = np.array([1, 7, 1, 3, 12, 1])


@dataclass(frozen=True)
class Gaps:
    """Missing periods per series, and the first few of them by name."""

    # Per series: how many periods are missing, and the frequency read from the periods.
    count: Ints
    frequency: Ints
    # The first ``listed`` missing periods of each series (days since 1970-01-01 for dates).
    listed_series: Ints
    listed_period: Ints


def find_gaps(period: Ints, period_is_date: bool, series_offsets: Ints, listed: int = 5) -> Gaps:
    """The periods missing between the first and last period of every series.

    >>> months = np.array(["2020-01-01", "2020-02-01", "2020-05-01"], dtype="datetime64[D]")
    >>> gaps = find_gaps(months.astype(np.int64), True, np.array([0, 3]))
    >>> gaps.count.tolist(), FREQUENCIES[gaps.frequency[0]]
    ([2], 'monthly')
    >>> gaps.listed_period.astype("datetime64[D]").astype(str).tolist()
    ['2020-03-01', '2020-04-01']
    >>> find_gaps(np.array([1, 2, 5, 1, 2]), False, np.array([0, 3, 5])).count.tolist()
    [2, 0]
    """
    first = segment_starts(series_offsets)
    if period_is_date:
        calendar = _Calendar.of(period)
        frequency, month_ends = calendar.frequency(first, series_offsets)
        by_month = broadcast(frequency >= _MONTHLY, series_offsets)
        position = np.where(by_month, calendar.month, period)
    else:
        frequency = np.full(len(series_offsets) - 1, _INTEGER)
        position = period
    step = broadcast(_STEPS[frequency], series_offsets)
    missing = np.where(first, 0, (position - lag(position, series_offsets, 0)) // step - 1)
    count = np.add.reduceat(missing, series_offsets[:-1]) if len(period) else missing

    gap_end = np.flatnonzero(missing > 0)
    shown = np.minimum(missing[gap_end], listed)
    before = np.repeat(gap_end - 1, shown)
    # The k-th missing period of its gap, k = 1, 2, ..., shown.
    k = np.arange(len(before)) - np.repeat(np.cumsum(shown) - shown, shown) + 1
    listed_period = position[before] + k * step[before]
    series = np.searchsorted(series_offsets, before, side="right") - 1
    keep = np.arange(len(series)) - np.searchsorted(series, series) < listed
    series, before, listed_period = series[keep], before[keep], listed_period[keep]
    if period_is_date:
        listed_period = np.where(
            by_month[before],
            calendar.day_in(listed_period, before, broadcast(month_ends, series_offsets)),
            listed_period,
        )
    return Gaps(count, frequency, series, listed_period)


@dataclass(frozen=True)
class _Calendar:
    day: Ints
    month: Ints
    # 0 on the first of the month.
    day_of_month: Ints
    month_end: Bools

    @classmethod
    def of(cls, days: Ints) -> _Calendar:
        day = days.astype("datetime64[D]")
        month = day.astype("datetime64[M]")
        return cls(
            day=days,
            month=month.astype(np.int64),
            day_of_month=(day - month.astype("datetime64[D]")).astype(np.int64),
            month_end=(day + 1).astype("datetime64[M]") != month,
        )

    def frequency(self, first: Bools, series_offsets: Ints) -> tuple[Ints, Bools]:
        """Per series: the frequency, and whether every date is a month end."""
        starts = series_offsets[:-1]

        def every(condition: Bools) -> Bools:
            return np.logical_and.reduceat(condition | first, starts)

        same_day = self.day_of_month == broadcast(self.day_of_month[starts], series_offsets)
        month_ends = np.logical_and.reduceat(self.month_end, starts)
        months = self.month - lag(self.month, series_offsets, 0)
        days = self.day - lag(self.day, series_offsets, 0)
        by_month = np.select(
            [every(months % 12 == 0), every(months % 3 == 0)], [_YEARLY, _QUARTERLY], _MONTHLY
        )
        by_day = np.where(every(days % 7 == 0), _WEEKLY, _DAILY)
        monthly = np.logical_and.reduceat(same_day, starts) | month_ends
        return np.where(monthly, by_month, by_day).astype(np.int64), month_ends

    def day_in(self, month: Ints, like: Ints, month_end: Bools) -> Ints:
        """The day of ``month`` matching point ``like``: the same day of the month, or its end."""
        start = month.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
        next_start = (month + 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
        return np.where(month_end[like], next_start - 1, start + self.day_of_month[like])
