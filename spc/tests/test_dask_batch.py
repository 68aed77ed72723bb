"""spc_dask on a real two-process Dask cluster gives exactly what spc_batch gives."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from kaizen_spc.api import spc_batch
from kaizen_spc.types import SPCOptions

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

REBASE = dt.date(2022, 1, 1)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            # Any free port: None still means 8787, which a parallel worker may hold.
            dashboard_address=":0",
            host="127.0.0.1",
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


def generated_series(series_count: int = 300, seed: int = 5) -> pl.DataFrame:
    """Series of 3 to 60 months, a rebase inside most of them and about 4% missing values."""
    rng = np.random.default_rng(seed)
    lengths = rng.integers(3, 61, size=series_count)
    starts = rng.integers(0, 24, size=series_count)
    rows = int(lengths.sum())
    owner = np.repeat(np.arange(series_count), lengths)
    month = np.concatenate(
        [start + np.arange(length) for start, length in zip(starts, lengths, strict=True)]
    )
    values = rng.normal(40, 5, size=rows) + (month >= 24) * 6
    missing = rng.random(rows) < 0.04
    table = pl.DataFrame(
        {
            "series": [f"measure {number:03d}" for number in owner],
            "period": [dt.date(2020 + int(m) // 12, int(m) % 12 + 1, 1) for m in month],
            "value": pl.Series(np.round(values, 1)).set(pl.Series(missing), None),
            "denominator": rng.integers(60, 90, size=rows).astype(float),
        }
    )
    return table.sample(fraction=1.0, shuffle=True, seed=seed)


def test_it_charts_every_series_as_spc_batch_does(client: Any) -> None:
    table = generated_series()
    options = SPCOptions(chart="xmr", rebase=(REBASE,))
    ddf = dd.from_pandas(table.to_pandas(), npartitions=7)

    from kaizen_spc.dask_batch import spc_dask

    charted = spc_dask(ddf, options=options)

    expected = spc_batch(table, series="series", options=options)
    assert charted.points["segment"].max() == 1  # the rebase did cut series
    assert charted.points["value"].null_count() > 0
    assert_frame_equal(charted.points, expected.points)
    assert_frame_equal(charted.summary, expected.summary)
    assert charted.reasons is not None and expected.reasons is not None
    assert charted.reasons.to_list() == expected.reasons.to_list()
    # The typed results carry the reasons in words, so nothing is lost on the way.
    results = charted.series_results()
    assert results == expected.series_results()
    assert any(point.reason for result in results for point in result.points)


def test_it_passes_denominators_and_overrides(client: Any) -> None:
    table = generated_series(series_count=120, seed=9).with_columns(
        pl.col("value").round(0).clip(0, 60)
    )
    ddf = dd.from_pandas(table.to_pandas(), npartitions=4)

    from kaizen_spc.dask_batch import spc_dask

    charted = spc_dask(ddf, denominator="denominator", chart="p", multiply=100.0)

    options = SPCOptions(chart="p", multiply=100.0)
    expected = spc_batch(table, denominator="denominator", series="series", options=options)
    assert charted.summary["chart"].unique().to_list() == ["p"]
    assert_frame_equal(charted.points, expected.points)
    assert_frame_equal(charted.summary, expected.summary)


def test_it_orders_integer_series_as_spc_batch_does(client: Any) -> None:
    table = generated_series(series_count=150, seed=11).with_columns(
        pl.col("series").str.slice(-3).cast(pl.Int64)  # 9 sorts before 10 as a number
    )
    ddf = dd.from_pandas(table.to_pandas(), npartitions=5)

    from kaizen_spc.dask_batch import spc_dask

    charted = spc_dask(ddf, chart="run")

    expected = spc_batch(table, series="series", chart="run")
    assert charted.summary["series"].head(11).to_list()[-2:] == ["9", "10"]
    assert_frame_equal(charted.points, expected.points)
    assert_frame_equal(charted.summary, expected.summary)
