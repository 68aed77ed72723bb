"""prepare(): validation, sorting, subgroups, segments, baseline and flags."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import polars as pl
import pytest

from kaizen_spc._arrays import Prepared
from kaizen_spc._prepare import prepare
from kaizen_spc.errors import SPCInputError
from kaizen_spc.types import SPCOptions


def _frame(
    values: list[float | None], periods: list[int] | None = None, **columns: list
) -> pl.DataFrame:
    data: dict[str, list] = {
        "period": periods if periods is not None else list(range(1, len(values) + 1)),
        "value": values,
        **columns,
    }
    return pl.DataFrame(data, schema_overrides={"value": pl.Float64})


def _prepare(frame: pl.DataFrame, **options: object) -> Prepared:
    denominator = "denominator" if "denominator" in frame.columns else None
    series = "series" if "series" in frame.columns else None
    return prepare(
        frame,
        denominator=denominator,
        series=series,
        options=SPCOptions(**options),
    )


def _error(frame: pl.DataFrame, **options: object) -> SPCInputError:
    with pytest.raises(SPCInputError) as raised:
        _prepare(frame, **options)
    return raised.value


def test_it_sorts_by_series_in_the_series_dtype_order_then_by_period() -> None:
    frame = _frame([3.0, 1.0, 4.0, 2.0], periods=[2, 1, 1, 2], series=[10, 9, 10, 9])
    prepared = _prepare(frame)

    assert prepared.series_names == ("9", "10")
    assert prepared.series_offsets.tolist() == [0, 2, 4]
    assert prepared.period.tolist() == [1, 2, 1, 2]
    assert prepared.value.tolist() == [1.0, 2.0, 4.0, 3.0]


def test_it_gives_the_same_arrays_whatever_the_input_order() -> None:
    frame = _frame(
        [float(v) for v in range(12)],
        periods=[v % 4 for v in range(12)],
        series=[v // 4 for v in range(12)],
    )
    shuffled = frame.sample(fraction=1.0, shuffle=True, seed=3)
    ours, theirs = _prepare(frame, rebase=(2,)), _prepare(shuffled, rebase=(2,))

    for field in ("series_offsets", "segment_offsets", "period", "value", "baseline"):
        assert getattr(ours, field).tolist() == getattr(theirs, field).tolist()


def test_it_names_a_single_series_with_the_empty_string() -> None:
    prepared = _prepare(_frame([1.0, 2.0]))

    assert prepared.series_names == ("",)
    assert prepared.series_offsets.tolist() == [0, 2]


def test_it_turns_dates_into_days_since_1970() -> None:
    frame = pl.DataFrame(
        {"period": [dt.date(1970, 1, 2), dt.date(2020, 1, 1)], "value": [1.0, 2.0]}
    )
    prepared = _prepare(frame)

    assert prepared.period_is_date
    assert prepared.period.tolist() == [1, (dt.date(2020, 1, 1) - dt.date(1970, 1, 1)).days]
    assert prepared.period.dtype == np.int64


def test_it_keeps_the_slot_of_a_missing_value() -> None:
    prepared = _prepare(_frame([1.0, None, float("nan"), 4.0]))

    assert prepared.period.tolist() == [1, 2, 3, 4]
    assert np.isnan(prepared.value[1:3]).all()


@pytest.mark.parametrize(
    ("values", "denominators", "chart", "row", "column"),
    [
        ([1.0, math.inf], None, "xmr", 1, "value"),
        ([1.0, 2.0], [3.0, -1.0], "u", 1, "denominator"),
        ([1.0, 5.0, 2.0], [3.0, 4.0, 8.0], "p", 1, "value"),
        ([2.0, 1.0], [0.0, 4.0], "u", 0, "denominator"),
        ([1.0, 3.0, 0.0], None, "t", 2, "value"),
    ],
)
def test_it_names_the_first_bad_row_and_its_column(
    values: list[float], denominators: list[float] | None, chart: str, row: int, column: str
) -> None:
    extra = {"denominator": denominators} if denominators is not None else {}
    # Reverse the input so the sorted order differs from the input order.
    frame = _frame(values, **extra).reverse()
    error = _error(frame, chart=chart, rules="anhoej")

    assert (error.row, error.column) == (len(values) - 1 - row, column)


def test_it_asks_for_a_denominator_for_ratio_charts() -> None:
    error = _error(_frame([1.0, 2.0]), chart="p")

    assert error.column == "denominator"
    assert "denominator" in error.message


def test_it_refuses_periods_that_are_neither_dates_nor_whole_numbers() -> None:
    frame = pl.DataFrame({"period": [1.5, 2.5], "value": [1.0, 2.0]})

    assert _error(frame).column == "period"


def test_it_refuses_a_missing_period() -> None:
    frame = _frame([1.0, 2.0, 3.0], periods=[1, None, 3])

    assert (_error(frame).row, _error(frame).column) == (1, "period")


def test_it_refuses_a_repeated_period_under_the_mdc_rules() -> None:
    frame = _frame([1.0, 2.0, 3.0, 4.0], periods=[1, 2, 3, 2], series=["a", "a", "a", "a"])
    error = _error(frame, rules="mdc")

    assert (error.row, error.column) == (3, "period")
    assert "'a'" in error.message


def test_it_averages_a_repeated_period_under_other_rules() -> None:
    frame = _frame([1.0, 2.0, 4.0, None, 7.0], periods=[1, 2, 2, 2, 3])

    mean = _prepare(frame, rules="anhoej")
    median = _prepare(
        frame.with_columns(value=pl.Series([1.0, 2.0, 4.0, 9.0, 7.0])),
        rules="ihi",
        aggregate="median",
    )

    assert mean.period.tolist() == [1, 2, 3]
    assert mean.value.tolist() == [1.0, 3.0, 7.0]
    assert median.value.tolist() == [1.0, 4.0, 7.0]


def test_it_makes_subgroups_with_their_size_and_standard_deviation() -> None:
    frame = _frame([1.0, 2.0, 4.0, None, 5.0, None], periods=[1, 1, 1, 1, 2, 3])
    prepared = _prepare(frame, chart="xbar")

    assert prepared.value[:2].tolist() == [7 / 3, 5.0]
    assert np.isnan(prepared.value[2])
    assert prepared.denominator.tolist() == [3.0, 1.0, 0.0]
    assert prepared.subgroup_sd[0] == pytest.approx(math.sqrt(7 / 3), rel=1e-15)
    assert np.isnan(prepared.subgroup_sd[1:]).all()


def test_it_sums_ratio_subgroups_leaving_out_incomplete_rows() -> None:
    frame = _frame(
        [1.0, 2.0, None, 3.0, None, 0.0],
        periods=[1, 1, 1, 1, 2, 3],
        denominator=[10.0, 10.0, 10.0, None, 5.0, 0.0],
    )
    prepared = _prepare(frame, chart="p")

    assert prepared.numerator.tolist() == [3.0, 0.0, 0.0]
    assert prepared.denominator.tolist() == [20.0, 0.0, 0.0]
    assert prepared.value[0] == 3 / 20
    assert np.isnan(prepared.value[1:]).all()


def test_it_keeps_a_single_missing_count_missing_but_sums_several() -> None:
    frame = _frame([None, None, None, 2.0, 3.0], periods=[1, 2, 2, 3, 3])
    prepared = _prepare(frame, chart="c")

    assert np.isnan(prepared.value[0])
    assert prepared.value[1:].tolist() == [0.0, 5.0]


def test_it_starts_a_segment_at_each_rebase_period() -> None:
    frame = _frame([1.0] * 6, series=["a"] * 6)
    prepared = _prepare(frame, rebase=(1, 3, 5))

    assert prepared.segment_offsets.tolist() == [0, 2, 4, 6]
    assert prepared.warnings == ((),)


def test_it_moves_an_absent_rebase_date_to_the_next_period_with_a_warning() -> None:
    periods = [dt.date(2024, month, 1) for month in range(1, 7)]
    frame = pl.DataFrame({"period": periods, "value": [1.0] * 6, "series": ["a"] * 6})
    prepared = _prepare(
        frame, rebase=(dt.date(2024, 3, 15), dt.date(2025, 1, 1), dt.date(2023, 1, 1))
    )

    assert prepared.segment_offsets.tolist() == [0, 3, 6]
    (warnings,) = prepared.warnings
    assert len(warnings) == 3
    assert any("2024-03-15" in warning and "2024-04-01" in warning for warning in warnings)
    assert any(
        "2025-01-01" in warning and "after the last period" in warning for warning in warnings
    )
    assert any(
        "2023-01-01" in warning and "before the first period" in warning for warning in warnings
    )


def test_it_warns_only_the_series_a_rebase_misses() -> None:
    frame = _frame([1.0] * 5, periods=[1, 2, 3, 1, 3], series=["a", "a", "a", "b", "b"])
    prepared = _prepare(frame, rebase=(2,))

    assert prepared.segment_offsets.tolist() == [0, 1, 3, 4, 5]
    assert prepared.warnings[0] == ()
    assert "starts at 3" in prepared.warnings[1][0]


def test_it_refuses_a_rebase_of_the_wrong_kind() -> None:
    with pytest.raises(SPCInputError):
        _prepare(_frame([1.0, 2.0]), rebase=(dt.date(2024, 1, 1),))


def test_it_does_not_make_an_empty_segment_for_a_rebase_on_the_first_period() -> None:
    prepared = _prepare(_frame([1.0, 2.0, 3.0]), rebase=(1,))

    assert prepared.segment_offsets.tolist() == [0, 3]
    assert prepared.warnings == ((),)


def test_it_takes_the_baseline_from_the_start_of_each_segment_counting_missing_rows() -> None:
    frame = _frame([1.0, None, 3.0, 4.0, 5.0, 6.0, 7.0])
    prepared = _prepare(frame, rebase=(5,), baseline=2)

    assert prepared.baseline.tolist() == [True, True, False, False, True, True, False]


def test_it_marks_excluded_and_astronomical_periods() -> None:
    prepared = _prepare(_frame([1.0, 2.0, 3.0, 4.0]), exclude=(2, 9), astronomical=(4,))

    assert prepared.included.tolist() == [True, False, True, True]
    assert prepared.astronomical.tolist() == [False, False, False, True]
    assert prepared.baseline.all()


def test_it_prepares_an_empty_frame_as_no_series() -> None:
    frame = pl.DataFrame(
        {"period": [], "value": [], "series": []},
        schema={"period": pl.Int64, "value": pl.Float64, "series": pl.String},
    )

    for series in ("series", None):
        prepared = prepare(frame, series=series, options=SPCOptions(rebase=(2,)))
        assert prepared.series_names == ()
        assert prepared.series_offsets.tolist() == [0]
        assert prepared.segment_offsets.tolist() == [0]


@pytest.mark.parametrize("late", [3, 2**62])
def test_it_sorts_named_series_with_a_missing_name_last(late: int) -> None:
    frame = _frame(
        [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        periods=[late, 1, 2, 1, 2, late],
        series=["b", None, "a", "b", None, "a"],
    )
    prepared = _prepare(frame)

    assert prepared.series_names == ("a", "b", "")
    assert prepared.series_offsets.tolist() == [0, 2, 4, 6]
    assert prepared.period.tolist() == [2, late, 1, late, 1, 2]
    assert prepared.value.tolist() == [3.0, 6.0, 4.0, 1.0, 2.0, 5.0]


def test_it_blanks_incomplete_ratio_rows_without_subgroups() -> None:
    frame = _frame([1.0, 2.0, None, 0.0], denominator=[4.0, None, 5.0, 0.0])
    prepared = _prepare(frame, chart="u")

    assert prepared.value[0] == 0.25
    assert np.isnan(prepared.value[1:]).all()
    assert prepared.denominator.tolist() == [4.0, 0.0, 0.0, 0.0]
