"""Large tables are charted a chunk of whole series at a time (spc_batch) or handed back a
slice at a time (spc_batches): either way the result is the one-pass result, bit for bit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from kaizen_spc import api
from kaizen_spc._arrays import Prepared
from kaizen_spc.api import BatchResult, spc, spc_batch, spc_batches
from kaizen_spc.errors import SPCInputError
from kaizen_spc.types import SPCOptions

# The mdc rules take one row per period; the others make subgroups of repeated periods.
CASES = [
    SPCOptions(chart="xmr", rebase=(dt.date(2021, 7, 1),)),
    SPCOptions(chart="xmr", rules="anhoej", baseline=9, allow_negative=False),
    SPCOptions(chart="run", rules="ihi", exclude=(dt.date(2020, 3, 1),)),
    SPCOptions(chart="p", multiply=100.0),
    SPCOptions(chart="xbar"),
]


def generated(series_count: int = 90, seed: int = 3, *, repeats: bool = True) -> pl.DataFrame:
    """Series of 1 to 40 months (some repeated), with missing values, shuffled."""
    rng = np.random.default_rng(seed)
    lengths = rng.integers(1, 41, size=series_count)
    owner = np.repeat(np.arange(series_count), lengths)
    month = np.concatenate([rng.choice(48, size=length, replace=repeats) for length in lengths])
    rows = len(owner)
    values = np.round(rng.normal(30, 4, size=rows) + (month > 20) * 3, 1)
    return pl.DataFrame(
        {
            "series": [f"unit {number:03d}" for number in owner],
            "period": pl.date_range(dt.date(2020, 1, 1), dt.date(2023, 12, 1), "1mo", eager=True)
            .gather(month)
            .to_list(),
            "value": pl.Series(values).set(pl.Series(rng.random(rows) < 0.05), None),
            "denominator": rng.integers(40, 60, size=rows).astype(float),
        }
    ).sample(fraction=1.0, shuffle=True, seed=seed)


def charted(options: SPCOptions) -> BatchResult:
    table = generated(repeats=options.rule_set != "mdc")
    if options.chart != "p":
        return spc_batch(table, options=options)
    counts = table.with_columns(pl.col("value").round(0).clip(0, 40))
    return spc_batch(counts, denominator="denominator", options=options)


def assert_same(ours: BatchResult, theirs: BatchResult) -> None:
    assert_frame_equal(ours.points, theirs.points)
    assert_frame_equal(ours.summary, theirs.summary)
    assert ours.reasons is not None and theirs.reasons is not None
    assert ours.reasons.to_list() == theirs.reasons.to_list()


@pytest.mark.parametrize("options", CASES, ids=lambda options: options.chart)
@pytest.mark.parametrize("chunk_points", [1, 50, 333])
def test_it_charts_in_chunks_exactly_as_in_one_pass(
    options: SPCOptions, chunk_points: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api, "CHUNK_POINTS", 10**9)
    whole = charted(options)
    monkeypatch.setattr(api, "CHUNK_POINTS", chunk_points)
    charts = []
    engine = api._chart

    def counted(prepared: Prepared, options: SPCOptions) -> Any:
        charts.append(len(prepared.series_names))
        return engine(prepared, options)

    monkeypatch.setattr(api, "_chart", counted)
    chunked = charted(options)

    assert len(charts) > 1 and sum(charts) == len(whole.summary)
    assert_same(chunked, whole)
    assert [r.points for r in chunked.series_results()] == [
        r.points for r in whole.series_results()
    ]


@pytest.mark.parametrize("chunk_series", [1, 7, 90, 1000])
def test_it_streams_batches_that_add_up_to_spc_batch(
    chunk_series: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = generated()
    monkeypatch.setattr(api, "CHUNK_POINTS", 64)
    whole = spc_batch(table, rules="anhoej")
    batches = list(spc_batches(table, chunk_series=chunk_series, rules="anhoej"))

    assert len(batches) == -(-90 // chunk_series)
    assert all(len(batch.summary) <= chunk_series for batch in batches)
    joined = BatchResult(
        points=pl.concat([batch.points for batch in batches]),
        summary=pl.concat([batch.summary for batch in batches]),
        reasons=pl.concat([batch.reasons for batch in batches if batch.reasons is not None]),
    )
    assert_same(joined, whole)


def test_it_streams_summaries_alone_when_the_points_are_not_wanted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    table = generated(series_count=20)
    monkeypatch.setattr(api, "CHUNK_POINTS", 64)
    whole = spc_batch(table, rules="anhoej")
    batches = list(spc_batches(table, chunk_series=6, rules="anhoej", with_points=False))

    assert [batch.summary.height for batch in batches] == [6, 6, 6, 2]
    assert pl.concat([batch.summary for batch in batches]).equals(whole.summary)
    for batch in batches:
        assert batch.points.is_empty() and batch.reasons is None
        assert batch.points.schema == whole.points.schema


def test_it_streams_nothing_for_an_empty_table() -> None:
    empty = generated().clear()

    assert list(spc_batches(empty, rules="anhoej")) == []
    assert spc_batch(empty, rules="anhoej").points.is_empty()


def test_it_refuses_a_chunk_of_no_series() -> None:
    with pytest.raises(ValueError, match="chunk_series"):
        next(spc_batches(generated(), chunk_series=0))


def test_it_reports_the_same_bad_row_however_the_table_is_cut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A repeated month early on, an infinite value in the last series: the value check comes
    # first, so the whole table is checked before any chunk is charted.
    table = pl.DataFrame(
        {
            "series": ["a"] * 3 + ["b"] * 3,
            "period": [1, 1, 2, 1, 2, 3],
            "value": [1.0, 2.0, 3.0, 4.0, 5.0, float("inf")],
        }
    )
    errors = []
    for chunk_points in (1, 10**9):
        monkeypatch.setattr(api, "CHUNK_POINTS", chunk_points)
        with pytest.raises(SPCInputError) as raised:
            spc_batch(table)
        errors.append(str(raised.value))
    with pytest.raises(SPCInputError) as streamed:
        next(spc_batches(table, chunk_series=1))

    assert errors == ["row 5, column value: the value is not a finite number"] * 2
    assert str(streamed.value) == errors[0]


def test_it_charts_a_series_in_order_as_it_charts_it_shuffled() -> None:
    # In order, spc() skips the frame; shuffled or repeated, it goes through polars.
    months = pl.date_range(dt.date(2020, 1, 1), dt.date(2022, 12, 1), "1mo", eager=True)
    values = [float(v) if v % 7 else None for v in np.random.default_rng(1).integers(1, 50, 36)]
    in_order = spc(months.to_list(), values, target=30.0)
    order = np.random.default_rng(2).permutation(36)
    shuffled = spc(months.gather(order), pl.Series(values).gather(order), target=30.0)

    assert in_order == shuffled
    as_series = spc(months, pl.Series(values), target=30.0)
    assert as_series == in_order


def test_it_charts_repeated_periods_the_same_either_way() -> None:
    periods, values = [1, 2, 2, 3, 4, 4, 5], [3.0, 4.0, 6.0, 2.0, 5.0, 1.0, 4.0]
    direct = spc(periods, values, rules="anhoej")
    through_frame = spc(periods[::-1], values[::-1], rules="anhoej")

    assert [point.value for point in direct.points] == [3.0, 5.0, 2.0, 3.0, 4.0]
    assert direct == through_frame
    with pytest.raises(SPCInputError, match="appears more than once"):
        spc(periods, values)
