"""compute_limits(): every chart type against the references' formulas written out by hand."""

from __future__ import annotations

import itertools
import math
import statistics
import warnings

import numpy as np
import polars as pl
import pytest

from kaizen_spc import _numeric
from kaizen_spc._arrays import Limits
from kaizen_spc._prepare import prepare
from kaizen_spc.limits import compute_limits
from kaizen_spc.types import CHART_TYPES, RATIO_CHARTS, SPCOptions

NAN = math.nan
RANDOM = np.random.default_rng(7)


def _limits(
    values: list[float],
    denominators: list[float] | None = None,
    periods: list[int] | None = None,
    **options: object,
) -> Limits:
    chosen = SPCOptions(**options)
    data = {
        "period": periods or list(range(1, len(values) + 1)),
        "value": values,
        **({"denominator": denominators} if denominators is not None else {}),
    }
    frame = pl.DataFrame(data, schema_overrides={"value": pl.Float64})
    denominator = "denominator" if denominators is not None else None
    return compute_limits(prepare(frame, denominator=denominator, options=chosen), chosen)


def _same(ours: np.ndarray, expected: float | list[float]) -> None:
    np.testing.assert_allclose(ours, np.broadcast_to(expected, ours.shape), rtol=1e-12, atol=0)


def _mean(values: list[float]) -> float:
    usable = [value for value in values if not math.isnan(value)]
    return math.fsum(usable) / len(usable) if usable else NAN


def _moving_ranges(values: list[float]) -> list[float]:
    return [abs(b - a) for a, b in itertools.pairwise(values)]


def _screened(ranges: list[float], screen: bool = True) -> float:
    average = _mean(ranges)
    return _mean([r for r in ranges if r < 3.267 * average]) if screen else average


def test_it_draws_nhsrplotthedots_limits_from_the_baseline_with_missing_values() -> None:
    values = RANDOM.normal(10, 2, 30).tolist()
    values[4] = NAN
    limits = _limits(values, baseline=12, rules="mdc")

    fixed = values[:12] + [NAN] * 18
    mean, amr = _mean(fixed), _screened(_moving_ranges(fixed))
    _same(limits.centre, mean)
    _same(limits.upper, mean + 2.66 * amr)
    _same(limits.lower, mean - 2.66 * amr)
    _same(limits.upper_2s, mean + 2 * (2.66 / 3) * amr)
    _same(limits.lower_2s, mean - 2 * (2.66 / 3) * amr)


def test_it_lets_a_missing_value_remove_two_moving_ranges() -> None:
    limits = _limits([1.0, 3.0, NAN, 4.0, 8.0], rules="mdc")

    # Moving ranges 2 and 4 (those touching the gap are gone): mean 3, mean range 3.
    _same(limits.centre, 4.0)
    _same(limits.upper, 4.0 + 2.66 * 3.0)


def test_it_bridges_excluded_points_under_anhoej_but_not_under_mdc() -> None:
    values = [1.0, 3.0, 10.0, 4.0, 8.0]
    anhoej = _limits(values, exclude=(3,), rules="anhoej")
    mdc = _limits(values, exclude=(3,), rules="mdc")

    _same(anhoej.centre, 4.0)
    _same(anhoej.upper, 4.0 + 3 * ((2 + 1 + 4) / 3 / 1.128))
    _same(mdc.centre, 4.0)
    _same(mdc.upper, 4.0 + 2.66 * 3.0)


def test_it_screens_moving_ranges_only_when_asked() -> None:
    values = [1.0, 2.0, 1.0, 2.0, 1.0, 9.0, 1.0, 2.0]
    ranges = _moving_ranges(values)
    for rules, multiplier in (("mdc", 2.66), ("anhoej", 3 / 1.128)):
        screened = _limits(values, rules=rules)
        unscreened = _limits(values, rules=rules, screen=False)
        _same(screened.upper - screened.centre, multiplier * _screened(ranges))
        _same(unscreened.upper - unscreened.centre, multiplier * _mean(ranges))


@pytest.mark.parametrize("rules", ["mdc", "anhoej"])
def test_it_has_no_limits_for_a_single_point(rules: str) -> None:
    limits = _limits([4.0], rules=rules)

    _same(limits.centre, 4.0)
    assert np.isnan([limits.lower, limits.upper, limits.lower_2s, limits.upper_2s]).all()


@pytest.mark.parametrize("rules", ["mdc", "anhoej"])
def test_it_gives_nan_limits_for_zero_variation_when_screened_and_zero_width_otherwise(
    rules: str,
) -> None:
    screened = _limits([5.0] * 15, rules=rules)
    unscreened = _limits([5.0] * 15, rules=rules, screen=False)

    assert np.isnan(screened.upper).all() and np.isnan(screened.lower).all()
    _same(unscreened.lower, 5.0)
    _same(unscreened.upper, 5.0)


@pytest.mark.parametrize("rules", ["mdc", "anhoej"])
def test_it_collapses_the_limits_when_screening_removes_the_only_step(rules: str) -> None:
    # The references' own example: 5, ..., 5, 6, 5, ... gives cl = lcl = ucl = 5.05.
    values = [5.0] * 20
    values[9] = 6.0
    limits = _limits(values, rules=rules)

    _same(limits.centre, 5.05)
    _same(limits.lower, 5.05)
    _same(limits.upper, 5.05)


@pytest.mark.parametrize("size", [12, 13])
def test_it_computes_limits_whatever_the_number_of_points(size: int) -> None:
    values = RANDOM.normal(0, 1, size).tolist()
    limits = _limits(values)

    _same(limits.centre, _mean(values))
    _same(limits.upper, _mean(values) + 2.66 * _screened(_moving_ranges(values)))


def test_it_recomputes_the_limits_in_each_segment_from_its_own_baseline() -> None:
    values = [1.0, 2.0, 4.0, 50.0, 10.0, 13.0, 11.0, 80.0]
    limits = _limits(values, rebase=(5,), baseline=3, rules="anhoej", screen=False)

    first, second = [1.0, 2.0, 4.0], [10.0, 13.0, 11.0]
    for points, segment in ((slice(0, 4), first), (slice(4, 8), second)):
        sigma = _mean(_moving_ranges(segment)) / 1.128
        _same(limits.centre[points], _mean(segment))
        _same(limits.upper[points], _mean(segment) + 3 * sigma)


def test_it_draws_the_median_of_the_baseline_on_run_charts() -> None:
    limits = _limits([5.0, 1.0, 3.0, 2.0, 100.0], chart="run", baseline=4)

    _same(limits.centre, 2.5)
    assert np.isnan(limits.upper).all() and np.isnan(limits.lower_2s).all()


def test_it_charts_moving_ranges_on_mr_charts() -> None:
    values = [3.0, 5.0, 4.0, 8.0, 7.0]
    limits = _limits(values, chart="mr")
    ranges = _moving_ranges(values)

    assert np.isnan(limits.y[0])
    _same(limits.y[1:], ranges)
    _same(limits.centre, _mean(ranges))
    _same(limits.upper, 3.267 * _mean(ranges))
    _same(limits.lower, 0.0)


def _c4(n: int) -> float:
    return math.sqrt(2 / (n - 1)) * math.gamma(n / 2) / math.gamma((n - 1) / 2)


def _subgroups(sizes: list[int]) -> tuple[list[float], list[int], list[list[float]]]:
    groups = [RANDOM.normal(10, 1, size).tolist() for size in sizes]
    values = [value for group in groups for value in group]
    periods = [period for period, group in enumerate(groups, 1) for _ in group]
    return values, periods, groups


@pytest.mark.parametrize("sizes", [[4] * 6, [5, 3, 4, 5, 1, 4]])
def test_it_draws_xbar_and_s_limits_from_pooled_or_mean_standard_deviations(
    sizes: list[int],
) -> None:
    values, periods, groups = _subgroups(sizes)
    xbar = _limits(values, periods=periods, chart="xbar", rules="anhoej")
    s = _limits(values, periods=periods, chart="s", rules="anhoej")

    sds = [statistics.stdev(group) if len(group) > 1 else NAN for group in groups]
    centre = math.fsum(map(math.fsum, groups)) / len(values)
    if len(set(sizes)) > 1:
        sigma = math.sqrt(
            math.fsum((n - 1) * sd**2 for n, sd in zip(sizes, sds, strict=True) if n > 1)
            / math.fsum(n - 1 for n in sizes)
        )
    else:
        sigma = _mean(sds)
    for point, n in enumerate(sizes):
        _same(xbar.y[point], _mean(groups[point]))
        _same(xbar.centre[point], centre)
        if n == 1:
            assert np.isnan([xbar.upper[point], s.upper[point], s.lower[point]]).all()
            continue
        _same(xbar.upper[point], centre + 3 / (_c4(n) * math.sqrt(n)) * sigma)
        _same(xbar.lower[point], centre - 3 / (_c4(n) * math.sqrt(n)) * sigma)
        ratio = math.sqrt(1 - _c4(n) ** 2) / _c4(n)
        _same(s.y[point], sds[point])
        _same(s.centre[point], sigma)
        _same(s.upper[point], (1 + 3 * ratio) * sigma)
        _same(s.lower[point], max(0.0, 1 - 3 * ratio) * sigma)


def test_it_charts_times_between_events_on_a_transformed_scale() -> None:
    values = RANDOM.exponential(100, 20).tolist()
    limits = _limits(values, chart="t")

    transformed = [value ** (1 / 3.6) for value in values]
    centre = _mean(transformed)
    sigma = _screened(_moving_ranges(transformed)) / 1.128
    _same(limits.y, values)
    _same(limits.centre, centre**3.6)
    _same(limits.upper, (centre + 3 * sigma) ** 3.6)
    expected_lower = (centre - 3 * sigma) ** 3.6 if centre > 3 * sigma else 0.0
    _same(limits.lower, expected_lower)


def test_it_clamps_p_chart_limits_into_zero_to_one_and_blanks_zero_denominators() -> None:
    counts = [1.0, 9.0, 2.0, 0.0, 3.0]
    sizes = [10.0, 10.0, 2.0, 0.0, 50.0]
    limits = _limits(counts, sizes, chart="p")

    centre = 15 / 72
    for point, n in enumerate(sizes):
        if n == 0:
            assert np.isnan([limits.y[point], limits.lower[point], limits.upper[point]]).all()
            continue
        sigma = math.sqrt(centre * (1 - centre) / n)
        _same(limits.upper[point], min(1.0, centre + 3 * sigma))
        _same(limits.lower[point], max(0.0, centre - 3 * sigma))
        _same(limits.upper_2s[point], min(1.0, centre + 2 * sigma))
    _same(limits.centre, centre)
    assert limits.upper[2] == 1.0 and limits.lower[2] == 0.0


@pytest.mark.parametrize("chart", ["pp", "up"])
def test_it_widens_laney_limits_by_the_spread_of_the_z_scores(chart: str) -> None:
    sizes = RANDOM.integers(800, 1200, 15).astype(float).tolist()
    counts = [float(RANDOM.binomial(int(n), 0.2 + 0.05 * RANDOM.normal())) for n in sizes]
    limits = _limits(counts, sizes, chart=chart, exclude=(4,))

    base = [point for point in range(15) if point != 3]
    centre = math.fsum(counts[p] for p in base) / math.fsum(sizes[p] for p in base)

    def sigma(n: float) -> float:
        return math.sqrt(centre * (1 - centre) / n) if chart == "pp" else math.sqrt(centre / n)

    z = [(counts[p] / sizes[p] - centre) / sigma(sizes[p]) for p in base]
    sigma_z = _screened(_moving_ranges(z)) / 1.128
    for point, n in enumerate(sizes):
        _same(limits.upper[point], centre + 3 * sigma(n) * sigma_z)
        _same(limits.lower[point], max(0.0, centre - 3 * sigma(n) * sigma_z))


def test_it_draws_c_and_u_limits_from_the_poisson_sigma() -> None:
    counts = [2.0, 5.0, 1.0, 0.0, 3.0]
    sizes = [10.0, 20.0, 10.0, 5.0, 10.0]
    c = _limits(counts, chart="c")
    u = _limits(counts, sizes, chart="u")

    _same(c.centre, 2.2)
    _same(c.upper, 2.2 + 3 * math.sqrt(2.2))
    _same(c.lower, 0.0)
    centre = 11 / 55
    _same(u.centre, centre)
    _same(u.upper, [centre + 3 * math.sqrt(centre / n) for n in sizes])
    _same(u.lower, 0.0)


def test_it_shows_the_median_on_g_charts_with_limits_from_the_mean() -> None:
    values = [3.0, 10.0, 1.0, 7.0, 4.0]
    limits = _limits(values, chart="g")

    mean = 5.0
    _same(limits.centre, 4.0)
    _same(limits.upper, mean + 3 * math.sqrt(mean * (mean + 1)))
    _same(limits.upper_2s, mean + 2 * math.sqrt(mean * (mean + 1)))
    _same(limits.lower, 0.0)


def test_it_multiplies_values_and_lines_and_replaces_the_centre_when_given() -> None:
    counts, sizes = [1.0, 3.0, 2.0, 4.0], [10.0, 10.0, 10.0, 10.0]
    plain = _limits(counts, sizes, chart="p")
    percent = _limits(counts, sizes, chart="p", multiply=100.0)
    centred = _limits([1.0, 3.0, 2.0, 4.0], centre=2.0)

    _same(percent.y, plain.y * 100)
    _same(percent.centre, plain.centre * 100)
    _same(percent.upper, plain.upper * 100)
    _same(centred.centre, 2.0)
    _same(centred.upper, 2.0 + 2.66 * 5 / 3)


@pytest.mark.parametrize("chart", CHART_TYPES)
def test_it_gives_every_series_the_same_limits_alone_or_in_a_batch(chart: str) -> None:
    series, rows = [], []
    for name in range(40):
        length = int(RANDOM.integers(1, 25))
        sizes = RANDOM.integers(0, 6, length) if chart in ("xbar", "s") else np.ones(length, int)
        for period, size in enumerate(sizes, 1):
            for _ in range(int(size)):
                denominator = float(RANDOM.integers(20, 60))
                value = float(RANDOM.integers(1, 20))
                missing = RANDOM.random() < 0.05 and chart != "t"
                rows.append((f"s{name:02d}", period, NAN if missing else value, denominator))
        series.append(f"s{name:02d}")
    frame = pl.DataFrame(rows, schema=["series", "period", "value", "denominator"], orient="row")
    denominator = "denominator" if chart in RATIO_CHARTS else None
    options = SPCOptions(chart=chart, rules="anhoej", rebase=(8,), baseline=5, exclude=(3,))

    batch = compute_limits(
        prepare(frame, series="series", denominator=denominator, options=options), options
    )
    alone = [
        compute_limits(
            prepare(
                frame.filter(pl.col("series") == name), denominator=denominator, options=options
            ),
            options,
        )
        for name in series
    ]
    for field in ("y", "centre", "lower", "upper", "lower_2s", "upper_2s"):
        together = np.concatenate([getattr(limits, field) for limits in alone])
        np.testing.assert_array_equal(getattr(batch, field), together, err_msg=field)


@pytest.mark.parametrize("chart", CHART_TYPES)
def test_it_gives_empty_lines_for_no_points(chart: str) -> None:
    frame = pl.DataFrame(
        {"period": [], "value": [], "denominator": []},
        schema={"period": pl.Int64, "value": pl.Float64, "denominator": pl.Float64},
    )
    options = SPCOptions(chart=chart, baseline=3)
    limits = compute_limits(prepare(frame, denominator="denominator", options=options), options)

    assert all(len(line) == 0 for line in (limits.y, limits.centre, limits.upper))


@pytest.mark.parametrize(("chart", "rules"), [("xmr", "mdc"), ("xmr", "anhoej"), ("up", "anhoej")])
def test_it_gives_the_same_limits_whatever_the_block_size(
    chart: str, rules: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    lengths = RANDOM.integers(1, 30, 200)
    frame = pl.DataFrame(
        {
            "series": np.repeat(np.arange(200), lengths),
            "period": np.concatenate([np.arange(length) for length in lengths]),
            "value": RANDOM.poisson(20, int(lengths.sum())).astype(float),
            "denominator": RANDOM.integers(50, 80, int(lengths.sum())).astype(float),
        }
    )
    options = SPCOptions(chart=chart, rules=rules, exclude=(4,), baseline=9, rebase=(12,))
    prepared = prepare(frame, series="series", denominator="denominator", options=options)
    whole = compute_limits(prepared, options)
    monkeypatch.setattr(_numeric, "_BLOCK", 16)
    blocked = compute_limits(prepared, options)

    for field in ("centre", "lower", "upper", "lower_2s", "upper_2s"):
        np.testing.assert_array_equal(getattr(whole, field), getattr(blocked, field))


def test_it_leaves_limits_undefined_without_a_warning_for_subgroups_of_one_or_none() -> None:
    # Sizes 1, 0 and 2: c4 is undefined for the first two and the pooled sigma is infinite
    # (its n - 1 sum to 0), so the limits are NaN; no RuntimeWarning may escape.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        limits = _limits([0.0, NAN, 1.0, 2.0], periods=[1, 4, 5, 5], chart="s", rules="anhoej")
        laney = _limits([0.0, 2.0, 3.0], [4.0, 2.0, 5.0], chart="pp", centre=1.0, rules="anhoej")

    _same(limits.y, [NAN, NAN, math.sqrt(0.5)])
    _same(limits.centre, [math.inf] * 3)
    for line in (limits.lower, limits.upper, limits.lower_2s, limits.upper_2s):
        _same(line, [NAN] * 3)
    assert np.isnan(laney.upper).all()
