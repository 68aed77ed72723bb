"""The API's points checked straight from their types, for the common case of a request with
nothing wrong in it.

An upload's cells are text and kaizen.imports.checks parses each of them (a fifth of a 100,000
point request's time). The API's points arrive already typed by pydantic: an integer measure id,
a date, floats. Here they are checked by the same rules (kaizen.measures' check_point, the
measure's period start, no future period, no duplicate, a short note) without the parsing.
This is a screen, not a second checker: at the first sign of any problem it gives up and the
caller runs check_table, so every problem is still found and worded by that one checker.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from kaizen.api.schemas import PointIn
from kaizen.imports.checks import NOTE_MAX_LENGTH, MeasureRef, Row
from kaizen.measures.validation import check_point

# An upload numbers its rows as a spreadsheet does: the header is row 1.
FIRST_ROW = 2


class _Problem(Exception):
    """Something check_table would report: the screen stops there."""


def rows_if_clean(
    points: Sequence[PointIn], measures: list[MeasureRef], *, today: dt.date
) -> list[Row] | None:
    """The rows check_table would return for ``points``, or None when any point has a problem
    (the caller then asks check_table what the problems are)."""
    by_id = {measure.id: measure for measure in measures}
    # A request repeats a few hundred periods across its measures: each start is found once.
    starts: dict[tuple[str, int, dt.date], dt.date] = {}
    seen: set[tuple[int, dt.date]] = set()
    rows = []
    try:
        for index, point in enumerate(points):
            measure = by_id.get(point["measure"])
            day = point["period"]
            if measure is None or day > today:
                return None
            key = (measure.frequency, measure.week_starts, day)
            period = starts.get(key)
            if period is None:
                period = starts[key] = measure.period_start(day)
            if (measure.id, period) in seen:
                return None
            seen.add((measure.id, period))
            numbers, problems = check_point(
                measure.chart,
                _number(point.get("value")),
                _number(point.get("numerator")),
                _number(point.get("denominator")),
            )
            note = point.get("note", "").strip()
            if problems or len(note) > NOTE_MAX_LENGTH:
                return None
            rows.append(Row(index + FIRST_ROW, measure.id, period, *numbers, note))
    except _Problem:
        return None
    return rows


def _number(number: float | None) -> float | None:
    """A float, as check_table's parse_number makes it; an infinity or NaN is a problem."""
    if number is None:
        return None
    number = float(number)
    if not math.isfinite(number):
        raise _Problem
    return number
