"""Mean and process limits against NHSRplotthedots 0.2.2's own test-suite outputs, point by point,
to the last bit.

The references ran ``ptd_spc()`` with its defaults (screened moving ranges) except
``spc_standard_r3_unscreened`` (``screen_outliers = FALSE``); they are full result frames.
"""

from __future__ import annotations

import json

import numpy as np
import polars as pl
import pytest
from reference_data import shared_data

from kaizen_spc._arrays import Limits
from kaizen_spc._prepare import prepare
from kaizen_spc.limits import compute_limits
from kaizen_spc.types import SPCOptions

CASES = {
    # reference file: (input file, date column, value column, series column, screen)
    "spc_standard_r1.csv": ("spc_standard_r1.csv", "x", "y", None, True),
    "spc_standard_r2.csv": ("spc_standard_r2_r3.csv", "x", "y", None, True),
    "spc_standard_r3_unscreened.csv": ("spc_standard_r2_r3.csv", "x", "y", None, False),
    "two_in_three_opposite.csv": ("two_in_three_opposite.csv", "date", "data", None, True),
    "summary_facets.csv": ("summary_facets.csv", "x", "y", "facet", True),
}


def _reference(*parts: str) -> pl.DataFrame:
    path = shared_data("reference-tests", "NHSRplotthedots", *parts)
    return pl.read_csv(path, null_values=["NA"], infer_schema=False)


def _limits(reference: str) -> Limits:
    source, date, value, series, screen = CASES[reference]
    frame = _reference("inputs", source).select(
        pl.col(date).str.to_date().alias("period"),
        pl.col(value).cast(pl.Float64).alias("value"),
        *([pl.col(series).alias("series")] if series else []),
    )
    options = SPCOptions(chart="xmr", rules="mdc", screen=screen)
    prepared = prepare(frame, series="series" if series else None, options=options)
    return compute_limits(prepared, options)


def _floats(frame: pl.DataFrame, column: str) -> np.ndarray:
    return frame[column].cast(pl.Float64).to_numpy()


@pytest.mark.parametrize("reference", [name for name in CASES if name != "summary_facets.csv"])
def test_it_matches_nhsrplotthedots_mean_and_limits_point_by_point(reference: str) -> None:
    expected = _reference(reference)
    limits = _limits(reference)

    assert limits.y.tolist() == _floats(expected, "y").tolist()
    np.testing.assert_array_equal(limits.centre, _floats(expected, "mean_col"))
    np.testing.assert_array_equal(limits.lower, _floats(expected, "lpl"))
    np.testing.assert_array_equal(limits.upper, _floats(expected, "upl"))


def test_it_matches_nhsrplotthedots_limits_per_facet() -> None:
    expected = _reference("summary_facets.csv")
    limits = _limits("summary_facets.csv")
    starts = np.array([0, 10])

    np.testing.assert_array_equal(limits.centre[starts], _floats(expected, "mean_col"))
    np.testing.assert_array_equal(limits.lower[starts], _floats(expected, "lpl"))
    np.testing.assert_array_equal(limits.upper[starts], _floats(expected, "upl"))


def test_it_matches_the_full_precision_values_nhsrplotthedots_asserts() -> None:
    asserted = json.loads(
        shared_data("reference-tests", "NHSRplotthedots", "asserted_values.json").read_text()
    )
    for run, reference in (
        ("r1", "spc_standard_r1.csv"),
        ("r2", "spc_standard_r2.csv"),
        ("r3", "spc_standard_r3_unscreened.csv"),
    ):
        limits = _limits(reference)
        mean, lower, upper = (
            float(number) for number in asserted["spc_standard"]["full_precision"][run]
        )
        assert (limits.centre[0], limits.lower[0], limits.upper[0]) == (mean, lower, upper)
