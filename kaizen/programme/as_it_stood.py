"""Measures as the board saw them at a month's end: each chart drawn again from the data for
the periods up to that month, so a past month's report shows the icons, readings and charts of
its meeting, not today's. (Points later entered or corrected for those periods are included:
Kaizen keeps the data, not every past version of it.)"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from kaizen.measures.models import DataPoint, Measure
from kaizen.measures.validation import plotted
from kaizen_spc import spc
from kaizen_spc.types import Point, SeriesResult


@dataclass(frozen=True)
class StoodRow:
    """A measure and its chart as it stood; read like the board summary's rows."""

    measure: Measure
    result: SeriesResult

    @property
    def variation_icon(self) -> str:
        # A measure without data then had no variation to show, not "common cause".
        return str(self.result.summary.variation_icon or "") if self._latest else ""

    @property
    def assurance_icon(self) -> str:
        return str(self.result.summary.assurance_icon or "") if self._latest else ""

    @property
    def latest_value(self) -> float | None:
        return self._latest.value if self._latest else None

    def latest_value_in(self, month: dt.date) -> float | None:
        """The month's own figure, as charted (a percentage for a proportion); None if it has
        none, rather than an earlier month's."""
        point = self._latest
        if point is None or not isinstance(point.period, dt.date) or point.period < month:
            return None
        return point.value

    @property
    def _latest(self) -> Point | None:
        return next((p for p in reversed(self.result.points) if p.value is not None), None)


def as_it_stood(measures: Sequence[Measure], month: dt.date) -> dict[int, StoodRow]:
    """Each measure's chart from its points for the periods before the end of ``month``, by
    measure id: one query for every measure's points."""
    next_month = (month + dt.timedelta(days=32)).replace(day=1)
    series: dict[int, list[tuple[dt.date, float | None, float | None, float | None]]]
    series = defaultdict(list)
    points = DataPoint.objects.filter(measure__in=measures, period__lt=next_month).order_by(
        "measure_id", "period"
    )
    for measure_id, period, value, numerator, denominator in points.values_list(
        "measure_id", "period", "value", "numerator", "denominator"
    ):
        series[measure_id].append((period, value, numerator, denominator))
    return {
        measure.pk: StoodRow(measure, _chart(measure, series[measure.pk])) for measure in measures
    }


def _chart(
    measure: Measure, rows: list[tuple[dt.date, float | None, float | None, float | None]]
) -> SeriesResult:
    periods = [row[0] for row in rows]
    if measure.is_ratio:
        return spc(
            periods,
            [row[2] for row in rows],
            [row[3] for row in rows],
            options=measure.spc_options(),
        )
    return spc(periods, [plotted(*row[1:]) for row in rows], None, options=measure.spc_options())
