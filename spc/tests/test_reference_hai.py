"""u-chart summaries of hospital-acquired infections against qicharts2's own test suite.

``qicharts2/hai_1.csv`` to ``hai_4.csv`` are the ``summary()`` of four ``qic()`` calls on
``hospital_infections`` (SPC.md §2.4): aLCL and aUCL are the means of the point limits, CL the
mean centre line, sigma.signal the number of points outside the limits.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from reference_data import shared_data

from kaizen_spc import spc_batch


def _infections() -> pl.DataFrame:
    return pl.read_csv(
        shared_data("qicharts2", "hospital_infections.csv"), try_parse_dates=True
    ).select(
        hospital=pl.col("org_code"),
        infection=pl.col("measure").str.split(" | ").list.last(),
        month=pl.col("period"),
        n=pl.col("numerator").cast(pl.Float64),
        days=pl.col("denominator").cast(pl.Float64),
    )


def _expected(name: str) -> pl.DataFrame:
    return pl.read_csv(shared_data("qicharts2", name), infer_schema_length=None)


def _compare(batch_points: pl.DataFrame, summary: pl.DataFrame, expected: pl.DataFrame) -> None:
    per_series = batch_points.group_by("series", maintain_order=True).agg(
        aLCL=pl.col("lower").mean(),
        CL=pl.col("centre").mean(),
        aUCL=pl.col("upper").mean(),
        sigma=pl.col("outside_limits").sum(),
    )
    assert summary["n"].to_list() == expected["n.obs"].to_list()
    assert summary["n_useful"].to_list() == expected["n.useful"].to_list()
    assert summary["longest_run"].to_list() == expected["longest.run"].to_list()
    assert summary["longest_run_max"].to_list() == expected["longest.run.max"].to_list()
    assert summary["crossings"].to_list() == expected["n.crossings"].to_list()
    assert summary["crossings_min"].to_list() == expected["n.crossings.min"].to_list()
    assert summary["runs_signal"].cast(pl.Int64).to_list() == expected["runs.signal"].to_list()
    # The published risk days carry 10 significant digits, and a lower limit near 0 is the
    # difference of two much larger numbers, so it gets an absolute tolerance as well.
    for column in ("aLCL", "CL", "aUCL"):
        np.testing.assert_allclose(
            per_series[column].to_numpy(), expected[column].to_numpy(), rtol=1e-8, atol=1e-12
        )
    assert per_series["sigma"].cast(pl.Int64).to_list() == expected["sigma.signal"].to_list()


def _chart(
    frame: pl.DataFrame, series: str | None, **options: object
) -> tuple[pl.DataFrame, pl.DataFrame]:
    batch = spc_batch(
        frame, period="month", value="n", denominator="days", series=series, chart="u", **options
    )
    return batch.points, batch.summary


def test_it_matches_all_infections_summed_by_month() -> None:
    points, summary = _chart(_infections(), None)
    _compare(points, summary, _expected("hai_1.csv"))


def test_it_matches_one_chart_per_infection() -> None:
    points, summary = _chart(_infections(), "infection")
    _compare(points, summary, _expected("hai_2.csv"))


def test_it_matches_one_chart_per_hospital_and_infection() -> None:
    frame = _infections().with_columns(series=pl.concat_str("hospital", pl.lit(" "), "infection"))
    points, summary = _chart(frame, "series")
    expected = _expected("hai_3.csv")
    assert summary["series"].to_list() == (
        expected.select(pl.concat_str("facet1", pl.lit(" "), "facet2")).to_series().to_list()
    )
    _compare(points, summary, expected)


def test_it_matches_a_funnel_of_hospitals_ordered_by_risk_days() -> None:
    # x = reorder(hospital, days): hospitals ranked by their mean risk days, as an integer period.
    recent = _infections().filter(pl.col("month") >= pl.date(2016, 7, 1))
    rank = (
        recent.group_by("hospital")
        .agg(pl.col("days").mean())
        .sort("days")
        .with_row_index("month", offset=1)
        .select("hospital", pl.col("month").cast(pl.Int64))
    )
    frame = recent.drop("month").join(rank, on="hospital")
    points, summary = _chart(frame, "infection", multiply=10_000)
    _compare(points, summary, _expected("hai_4.csv"))
