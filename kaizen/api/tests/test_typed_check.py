"""The API's typed screen (kaizen.api.typed_check) against the upload checker it stands in for:
on points with nothing wrong it returns exactly check_table's rows, and it never lets through a
point check_table would refuse, so every problem is still worded by check_table."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kaizen.api.points import points_table
from kaizen.api.typed_check import rows_if_clean
from kaizen.imports.checks import MeasureRef, check_table

TODAY = dt.date(2025, 6, 18)
MEASURES = [
    MeasureRef(1, "Waits", "xmr", "weekly"),
    MeasureRef(2, "Seen on time", "p", "monthly"),
    MeasureRef(3, "Falls", "c", "daily"),
    MeasureRef(4, "Infections per 1,000 bed days", "u", "quarterly"),
    MeasureRef(5, "Days between", "g", "yearly"),
    MeasureRef(6, "Thursday huddles", "run", "weekly", week_starts=3),
    MeasureRef(7, "Time to theatre", "t", "weekly", week_starts=6),
]

numbers = st.one_of(
    st.none(),
    st.integers(-3, 40),
    st.floats(-3, 40, allow_nan=False),
    st.sampled_from([math.nan, math.inf, 0.5, 0.0]),
)
points = st.lists(
    st.fixed_dictionaries(
        {
            # 99 is no measure of the organisation.
            "measure": st.sampled_from([*(m.id for m in MEASURES), 99]),
            "period": st.dates(dt.date(2024, 1, 1), TODAY + dt.timedelta(days=3)),
        },
        optional={
            "value": numbers,
            "numerator": numbers,
            "denominator": numbers,
            "note": st.sampled_from(["", "  staffing short ", "x" * 501, " " + "y" * 500]),
        },
    ),
    max_size=30,
)


def _checked(given_points: list[dict[str, Any]]) -> tuple[list[Any] | None, Any]:
    rows = rows_if_clean(given_points, MEASURES, today=TODAY)  # type: ignore[arg-type]
    return rows, check_table(points_table(given_points), MEASURES, today=TODAY)  # type: ignore[arg-type]


@settings(max_examples=400, deadline=None)
@given(points)
def test_the_screen_agrees_with_check_table(given_points: list[dict[str, Any]]) -> None:
    rows, checked = _checked(given_points)
    if checked.problems:
        assert rows is None
    else:
        assert rows == checked.rows


def test_clean_points_of_every_chart_and_frequency_give_check_tables_rows() -> None:
    clean = [
        {"measure": 1, "period": dt.date(2025, 6, 18), "value": 4},
        {"measure": 2, "period": dt.date(2025, 5, 17), "numerator": 3, "denominator": 10.0},
        {"measure": 2, "period": dt.date(2025, 4, 2), "value": 9, "numerator": 1, "denominator": 2},
        {"measure": 3, "period": dt.date(2025, 6, 1), "value": 2.0, "note": "  short  "},
        {"measure": 4, "period": dt.date(2025, 5, 30), "numerator": 3, "denominator": 0.5},
        {"measure": 5, "period": dt.date(2024, 7, 9), "value": 12},
        {"measure": 6, "period": dt.date(2025, 6, 17), "value": -1.5},
        {"measure": 7, "period": dt.date(2025, 6, 17), "value": 0.25},
    ]
    rows, checked = _checked(clean)
    assert not checked.problems
    assert rows is not None and rows == checked.rows
    assert [row.period for row in rows] == [
        dt.date(2025, 6, 16),  # a Monday
        dt.date(2025, 5, 1),
        dt.date(2025, 4, 1),
        dt.date(2025, 6, 1),
        dt.date(2025, 4, 1),
        dt.date(2024, 1, 1),
        dt.date(2025, 6, 12),  # a Thursday
        dt.date(2025, 6, 15),  # a Sunday
    ]
    # A ratio chart keeps its numerator and denominator only; numbers are floats.
    assert rows[2].numbers == (None, 1.0, 2.0)
    assert isinstance(rows[0].value, float)
    assert rows[3].note == "short"


def test_any_problem_hands_the_points_to_check_table() -> None:
    good = {"measure": 1, "period": dt.date(2025, 6, 2), "value": 4}
    for bad in (
        {"measure": 99, "period": dt.date(2025, 6, 2), "value": 4},
        {"measure": 1, "period": TODAY + dt.timedelta(days=1), "value": 4},
        {"measure": 1, "period": dt.date(2025, 6, 4), "value": 5},  # the same week as good
        {"measure": 1, "period": dt.date(2025, 5, 5), "value": math.inf},
        {"measure": 1, "period": dt.date(2025, 5, 5)},
        {"measure": 2, "period": dt.date(2025, 5, 5), "numerator": 5, "denominator": 4},
        {"measure": 3, "period": dt.date(2025, 5, 5), "value": 1.5},
        {"measure": 1, "period": dt.date(2025, 5, 5), "value": 1, "note": "n" * 501},
    ):
        rows, checked = _checked([good, bad])
        assert rows is None, bad
        assert [problem.row for problem in checked.problems] == [3], bad
