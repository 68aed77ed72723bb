"""Properties that hold for any data: order does not matter, one batch is many single charts,
and the XmR chart does not care about the unit of measurement."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from kaizen_spc import spc, spc_batch

RULE_SETS = st.sampled_from(["mdc", "anhoej", "ihi"])
SIGNAL_COLUMNS = ["outside_limits", "shift", "trend", "two_in_three", "special_cause", "point_type"]


@st.composite
def tables(draw: st.DrawFn) -> pl.DataFrame:
    """One to three series of up to 30 points: small whole numbers (ties are likely) or gaps."""
    rows = []
    for name in draw(st.lists(st.sampled_from("abc"), min_size=1, max_size=3, unique=True)):
        periods = draw(st.lists(st.integers(1, 60), min_size=1, max_size=30, unique=True))
        for period in periods:
            value = draw(st.one_of(st.none(), st.integers(-20, 20)))
            rows.append((name, period, None if value is None else float(value)))
    schema = {"series": pl.String, "period": pl.Int64, "value": pl.Float64}
    return pl.DataFrame(rows, schema=schema, orient="row")


@settings(max_examples=40, deadline=None)
@given(table=tables(), rules=RULE_SETS, seed=st.integers(0, 2**32 - 1))
def test_it_does_not_depend_on_the_order_of_rows_or_series(
    table: pl.DataFrame, rules: str, seed: int
) -> None:
    shuffled = table.sample(fraction=1.0, shuffle=True, seed=seed)
    first, second = spc_batch(table, rules=rules), spc_batch(shuffled, rules=rules)
    assert first.points.equals(second.points)
    assert first.summary.equals(second.summary)


@settings(max_examples=40, deadline=None)
@given(table=tables(), rules=RULE_SETS)
def test_it_charts_each_series_as_if_it_were_alone(table: pl.DataFrame, rules: str) -> None:
    batch = spc_batch(table, rules=rules)
    for result in batch.series_results():
        rows = table.filter(pl.col("series") == result.summary.series).sort("period")
        alone = spc(
            rows["period"].to_list(),
            rows["value"].to_list(),
            rules=rules,
            series=result.summary.series,
        )
        assert alone == result


def _same_numbers(scaled: pl.Series, original: pl.Series, factor: float, size: float) -> bool:
    ours, theirs = scaled.to_numpy(), original.to_numpy() * factor
    both_missing = np.isnan(ours) & np.isnan(theirs)
    # Relative to each number, or to the data's size where a line sits near zero (a mean of
    # +-1 and 0 scaled by 0.001 is 3e-19, not 0: the scaled values are not exact decimals).
    close = np.isclose(ours, theirs, rtol=1e-9, atol=1e-12 * size * factor)
    return bool((both_missing | close).all())


@settings(max_examples=40, deadline=None)
@given(table=tables(), factor=st.floats(1e-3, 1e3))
def test_it_scales_xmr_limits_with_the_values(table: pl.DataFrame, factor: float) -> None:
    original = spc_batch(table).points.fill_null(math.nan)
    scaled = spc_batch(table.with_columns(pl.col("value") * factor)).points.fill_null(math.nan)
    size = float(table["value"].abs().max() or 0.0)
    for column in ("value", "centre", "lower", "upper", "lower_2s", "upper_2s"):
        assert _same_numbers(scaled[column], original[column], factor, size), column


@settings(max_examples=40, deadline=None)
@given(table=tables(), power=st.integers(-10, 10))
def test_it_keeps_the_xmr_signals_when_the_values_are_rescaled(
    table: pl.DataFrame, power: int
) -> None:
    # A power of two rescales every double exactly, so a value exactly on a line stays there;
    # any other factor could round a tie to either side.
    original = spc_batch(table)
    scaled = spc_batch(table.with_columns(pl.col("value") * 2.0**power))
    assert scaled.points.select(SIGNAL_COLUMNS).equals(original.points.select(SIGNAL_COLUMNS))
    keep = ["variation_icon", "longest_run", "crossings", "suggested_rebase", "warnings"]
    assert scaled.summary.select(keep).equals(original.summary.select(keep))
