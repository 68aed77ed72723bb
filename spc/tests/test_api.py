"""The public API: spc() for one series, spc_batch() for many, and their results."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import polars as pl
import pytest

import kaizen_spc
from kaizen_spc import BatchResult, SPCOptions, spc, spc_batch

POINT_COLUMNS = [
    "series", "period", "value", "denominator", "segment", "baseline", "included", "centre",
    "lower", "upper", "lower_2s", "upper_2s", "outside_limits", "shift", "trend",
    "two_in_three", "special_cause", "point_type",
]  # fmt: skip
SUMMARY_COLUMNS = [
    "series", "chart", "rules", "n", "n_useful", "centre", "lower", "upper", "variation_icon",
    "assurance_icon", "longest_run", "longest_run_max", "crossings", "crossings_min",
    "runs_signal", "short_group_warning", "warnings", "suggested_rebase",
]  # fmt: skip
VALUES = [5.0, 6.0, 5.0, 7.0, 6.0, 5.0, 6.0, 5.0, 6.0, 7.0, 5.0, 6.0, 5.0, 15.0]
MONTHS = [dt.date(2023, month, 1) for month in range(1, 13)] + [
    dt.date(2024, 1, 1),
    dt.date(2024, 2, 1),
]


def _frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "series": ["b"] * 14 + ["a"] * 14,
            "period": MONTHS * 2,
            "value": VALUES + [value * 2 for value in VALUES],
        }
    )


def test_it_charts_one_series_with_typed_points_and_summary() -> None:
    result = spc(MONTHS, VALUES, series="beds")
    assert result.summary.series == "beds"
    assert len(result.points) == 14
    last = result.points[-1]
    assert last.period == dt.date(2024, 2, 1)
    assert last.outside_limits and last.special_cause
    assert last.point_type == "special_cause_improvement"
    assert last.reason == "Above the upper limit"
    assert result.points[0].reason == ""


def test_it_takes_integers_numpy_and_polars_periods() -> None:
    expected = spc(list(range(14)), VALUES).summary
    assert spc(np.arange(14), np.array(VALUES)).summary == expected
    assert spc(pl.Series(range(14)), pl.Series(VALUES)).summary == expected
    dates = np.array(MONTHS, dtype="datetime64[D]")
    assert spc(dates, VALUES).points[0].period == dt.date(2023, 1, 1)
    midnights = np.array(MONTHS, dtype="datetime64[ns]")
    assert spc(midnights, VALUES).summary == spc(MONTHS, VALUES).summary


def test_it_takes_options_and_overrides() -> None:
    options = SPCOptions(chart="p")
    result = spc(MONTHS, [5, 6, 4, 5, 6, 5, 4, 6, 5, 5, 4, 6, 5, 5], [50] * 14, options=options)
    assert result.summary.chart == "p"
    assert result.points[0].value == pytest.approx(0.1)
    assert result.points[0].denominator == 50
    assert spc(MONTHS, VALUES, improvement="decrease").points[-1].point_type == (
        "special_cause_concern"
    )


def test_it_rejects_unknown_options() -> None:
    with pytest.raises(TypeError):
        spc(MONTHS, VALUES, colour="blue")


def test_it_charts_an_empty_series_as_no_data_yet() -> None:
    result = spc([], [], target=5.0, series="falls")

    assert result.points == ()
    summary = result.summary
    assert (summary.series, summary.chart, summary.rules) == ("falls", "xmr", "mdc")
    assert (summary.n, summary.n_useful) == (0, 0)
    assert (summary.centre, summary.lower, summary.upper) == (None, None, None)
    assert (summary.longest_run, summary.crossings, summary.suggested_rebase) == (None,) * 3
    assert summary.variation_icon == "common_cause"
    assert summary.assurance_icon == ""
    assert summary.warnings == ("No data yet.",)
    assert not summary.runs_signal
    assert spc([], [], [], chart="p").summary.rules == "anhoej"


def test_it_keeps_missing_values_in_their_place() -> None:
    values: list[float | None] = [*VALUES[:5], None, *VALUES[6:]]
    result = spc(MONTHS, values)
    assert result.points[5].value is None
    assert result.points[5].point_type == "common_cause"


def test_it_returns_the_documented_columns_in_order() -> None:
    batch = spc_batch(_frame())
    assert batch.points.columns == POINT_COLUMNS
    assert batch.summary.columns == SUMMARY_COLUMNS
    assert batch.points.schema["period"] == pl.Date
    assert batch.summary.schema["warnings"] == pl.List(pl.String)
    assert batch.summary.schema["suggested_rebase"] == pl.Date
    integer = spc_batch(_frame().with_columns(period=pl.Series(list(range(14)) * 2)))
    assert integer.points.schema["period"] == pl.Int64
    # Compact types for a million series: a small integer and an enum of the point types.
    assert batch.points.schema["segment"] == pl.Int32
    assert batch.points.schema["point_type"] == pl.Enum(kaizen_spc.POINT_TYPES)


def test_it_sorts_by_series_then_period_whatever_the_input_order() -> None:
    frame = _frame()
    batch = spc_batch(frame.sample(fraction=1.0, shuffle=True, seed=3))
    assert batch.points["series"].to_list() == ["a"] * 14 + ["b"] * 14
    assert batch.points["period"].to_list() == MONTHS * 2
    assert batch.points.equals(spc_batch(frame).points)


def test_it_writes_missing_numbers_as_null() -> None:
    batch = spc_batch(_frame())
    assert batch.points["denominator"].null_count() == 28
    assert batch.points["value"].null_count() == 0


def test_it_charts_a_pandas_frame() -> None:
    frame = _frame().to_pandas()
    assert isinstance(frame, pd.DataFrame)
    batch = spc_batch(frame)
    assert batch.points.schema["period"] == pl.Date
    assert batch.summary.equals(spc_batch(_frame()).summary)


def test_it_charts_one_unnamed_series_with_other_column_names() -> None:
    frame = pl.DataFrame({"month": MONTHS, "beds": VALUES})
    batch = spc_batch(frame, period="month", value="beds", series=None)
    assert batch.summary["series"].to_list() == [""]
    assert batch.summary["centre"].to_list() == [spc(MONTHS, VALUES).summary.centre]


def test_it_gives_the_same_series_results_as_spc_one_by_one() -> None:
    results = spc_batch(_frame()).series_results()
    assert [result.summary.series for result in results] == ["a", "b"]
    alone = spc(MONTHS, VALUES, series="b")
    assert results[1] == alone


def test_it_builds_results_without_reasons_from_frames_alone() -> None:
    batch = spc_batch(_frame())
    bare = BatchResult(points=batch.points, summary=batch.summary)
    points = bare.series_results()[0].points
    assert points[-1].special_cause and points[-1].reason == ""
    assert kaizen_spc.series_results(batch)[0].points[-1].reason == "Above the upper limit"


def test_it_returns_empty_frames_for_an_empty_table() -> None:
    frame = pl.DataFrame(schema={"series": pl.String, "period": pl.Date, "value": pl.Float64})
    batch = spc_batch(frame)
    assert batch.points.columns == POINT_COLUMNS and batch.points.is_empty()
    assert batch.summary.columns == SUMMARY_COLUMNS and batch.summary.is_empty()
    assert batch.series_results() == []


def test_it_shows_negative_lower_limits_as_zero_after_the_signals() -> None:
    values = [0.0, 5.0, 0.0, 6.0, 1.0, 7.0, 0.0, 5.0, 1.0, 6.0, 0.0, 5.0]
    kept = spc(list(range(12)), values)
    clamped = spc(list(range(12)), values, allow_negative=False)
    assert all(point.lower == 0.0 for point in clamped.points)
    assert all(point.lower_2s is not None and point.lower_2s >= 0 for point in clamped.points)
    assert [p.special_cause for p in clamped.points] == [p.special_cause for p in kept.points]
    negative = spc(list(range(12)), [value - 1 for value in values], allow_negative=False)
    assert negative.points[0].lower is not None and negative.points[0].lower < 0
