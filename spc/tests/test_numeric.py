"""The segmented helpers: exact sums and means (R's long-double results), medians, runs."""

from __future__ import annotations

import math
import statistics
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kaizen_spc import _numeric
from kaizen_spc._numeric import (
    lag,
    runs,
    segment_max,
    segment_mean,
    segment_median,
    segment_sd,
    segment_sum,
)

finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_subnormal=False)
segments = st.lists(st.lists(finite, min_size=0, max_size=30), min_size=1, max_size=12)


def _flatten(groups: list[list[float]]) -> tuple[np.ndarray, np.ndarray]:
    offsets = np.concatenate(([0], np.cumsum([len(group) for group in groups]))).astype(np.int64)
    values = np.array([value for group in groups for value in group], dtype=np.float64)
    return values, offsets


def _ulps_apart(a: float, b: float) -> float:
    return abs(a - b) / math.ulp(max(abs(a), abs(b), 1e-300))


@settings(max_examples=300, deadline=None)
@given(segments)
def test_it_is_never_more_than_one_ulp_from_the_exact_sum_and_mean(
    groups: list[list[float]],
) -> None:
    # R rounds its long-double result to double, so a value a hair from a tie may round either
    # way (as R's does); anything further than one ulp would be a real error.
    values, offsets = _flatten(groups)
    sums, means = segment_sum(values, offsets), segment_mean(values, offsets)

    for k, group in enumerate(groups):
        exact = sum(map(Fraction, group), Fraction(0))
        assert _ulps_apart(sums[k], float(exact)) <= 1
        if group:
            assert _ulps_apart(means[k], float(exact / len(group))) <= 1
        else:
            assert math.isnan(means[k])


def test_it_gives_the_exactly_rounded_mean_of_ordinary_data() -> None:
    rng = np.random.default_rng(11)
    groups = [list(rng.normal(50, 20, int(rng.integers(1, 60)))) for _ in range(2000)]
    values, offsets = _flatten(groups)
    means = segment_mean(values, offsets)

    exact = [float(sum(map(Fraction, group)) / len(group)) for group in groups]
    # Only a value within a long-double ulp of a double tie can differ (about 1 in 2000).
    assert np.count_nonzero(means != np.array(exact)) <= 5


def test_it_gives_the_same_sums_whatever_the_block_size(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(5)
    lengths = rng.integers(0, 40, 500)
    offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    values = rng.normal(0, 10, int(offsets[-1])) * 10.0 ** rng.integers(-8, 8, int(offsets[-1]))
    values[rng.random(len(values)) < 0.1] = np.nan
    whole = segment_mean(values, offsets), segment_sum(values, offsets), segment_sd(values, offsets)

    monkeypatch.setattr(_numeric, "_BLOCK", 7)
    blocked = (
        segment_mean(values, offsets),
        segment_sum(values, offsets),
        segment_sd(values, offsets),
    )

    for ours, theirs in zip(whole, blocked, strict=True):
        np.testing.assert_array_equal(ours, theirs)


def test_it_cancels_large_values_exactly() -> None:
    values = np.array([1e16, 1.0, -1e16, 1.0, 0.1, 0.2])

    # A double running sum gives 1.0 for the first segment; 0.1 + 0.2 is a tie R rounds to even.
    assert segment_sum(values, np.array([0, 4, 6])).tolist() == [2.0, 0.30000000000000004]
    assert segment_mean(values, np.array([0, 4, 6])).tolist() == [0.5, 0.15000000000000002]


def test_it_respects_the_where_mask_and_missing_values() -> None:
    values = np.array([1.0, np.nan, 3.0, 100.0, 5.0])
    where = np.array([True, True, True, False, True])
    offsets = np.array([0, 3, 5])

    assert segment_mean(values, offsets, where=where).tolist() == [2.0, 5.0]
    assert segment_max(values, offsets, where=where).tolist() == [3.0, 5.0]
    assert segment_median(values, offsets, where=where).tolist() == [2.0, 5.0]


def test_it_takes_r_sd_with_n_minus_one() -> None:
    values = np.array([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0, 3.0])
    sd = segment_sd(values, np.array([0, 8, 9]))

    assert sd[0] == pytest.approx(math.sqrt(32 / 7), rel=1e-15)
    assert math.isnan(sd[1])


def test_it_keeps_lags_and_runs_inside_segments() -> None:
    offsets = np.array([0, 3, 3, 6])
    labels = np.array([1, 1, 1, 1, -1, -1])

    assert lag(labels, offsets, 0).tolist() == [0, 1, 1, 0, 1, -1]
    run_id, run_length = runs(labels, offsets)
    assert run_id.tolist() == [0, 0, 0, 1, 2, 2]
    assert run_length.tolist() == [3, 3, 3, 1, 2, 2]


@pytest.mark.parametrize("block", [1 << 18, 50])
def test_it_takes_medians_of_even_and_uneven_segments(
    block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_numeric, "_BLOCK", block)
    rng = np.random.default_rng(9)
    # Short segments, empty ones and one long one (which makes padding too wasteful).
    lengths = np.concatenate((rng.integers(0, 12, 300), [2000], rng.integers(0, 12, 50)))
    offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    values = rng.integers(0, 20, int(offsets[-1])).astype(np.float64)
    values[rng.random(len(values)) < 0.2] = np.nan

    medians = segment_median(values, offsets)

    for k in range(len(lengths)):
        usable = values[offsets[k] : offsets[k + 1]]
        usable = usable[~np.isnan(usable)]
        expected = statistics.median(usable.tolist()) if len(usable) else math.nan
        np.testing.assert_equal(medians[k], expected)
