"""A long series drawn a window at a time: the latest points, or those before a period.

SPC is computed over every point (from the stored snapshot); only what is drawn is cut, so that
a measure of 40,000 daily points has a chart page, sparkline and PDF page of a few hundred
points, not megabytes.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass

from django.conf import settings

from kaizen_spc.types import Point, SeriesResult


@dataclass(frozen=True)
class Window:
    """``result`` with only the points drawn, and where they sit in the whole series."""

    result: SeriesResult
    total: int
    # The ``before`` of the pages either side: None for the latest page; no page when ``has_``
    # is false.
    has_earlier: bool
    has_later: bool
    later_before: dt.date | None
    segment_start: dt.date | int | None

    @property
    def points(self) -> tuple[Point, ...]:
        return self.result.points

    @property
    def is_partial(self) -> bool:
        return len(self.points) < self.total

    def shows(self, period: dt.date) -> bool:
        """Whether a mark at ``period`` belongs on this window's chart (a mark before the whole
        series stands at its first point)."""
        first = self.first
        return not self.has_earlier or (isinstance(first, dt.date) and period >= first)

    @property
    def first(self) -> dt.date | int | None:
        return self.points[0].period if self.points else None

    @property
    def last(self) -> dt.date | int | None:
        return self.points[-1].period if self.points else None


def window(result: SeriesResult, *, before: dt.date | None = None, size: int = 0) -> Window:
    """The ``size`` points (MEASURE_CHART_POINTS by default) up to, not including, ``before``
    (or the latest)."""
    size = size or settings.MEASURE_CHART_POINTS
    points = result.points
    periods = [point.period for point in points]
    end = len(points) if before is None else bisect_left(periods, before)
    start = max(0, end - size)
    later_end = end + size
    return Window(
        result=SeriesResult(summary=result.summary, points=points[start:end]),
        total=len(points),
        has_earlier=start > 0,
        has_later=end < len(points),
        later_before=periods[later_end] if later_end < len(points) else None,  # type: ignore[arg-type]
        segment_start=_segment_start(points),
    )


def latest(result: SeriesResult) -> SeriesResult:
    """The result with only the points a chart draws by default."""
    return window(result).result


def _segment_start(points: tuple[Point, ...]) -> dt.date | int | None:
    """The first period of the current segment (the one the latest point is in)."""
    if not points:
        return None
    segment = points[-1].segment
    index = len(points) - 1
    while index > 0 and points[index - 1].segment == segment:
        index -= 1
    return points[index].period
