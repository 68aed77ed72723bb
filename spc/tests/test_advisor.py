"""The chart advisor on constructed data: each advice fires when it should and not otherwise."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from kaizen_spc import spc, spc_batch
from kaizen_spc.advisor import (
    MIN_POINTS,
    OVERDISPERSION_RATIO,
    RARE_ZERO_SHARE,
    Advice,
    advise,
    advise_batch,
)
from kaizen_spc.types import ChartType, SeriesResult

MONTHS = [dt.date(2020 + m // 12, m % 12 + 1, 1) for m in range(36)]


def _kinds(result: SeriesResult) -> list[str]:
    return [advice.kind for advice in advise(result)]


def _only(result: SeriesResult, kind: str) -> Advice:
    (advice,) = [advice for advice in advise(result) if advice.kind == kind]
    return advice


def _proportions(rates: np.ndarray, size: int, seed: int) -> tuple[list[float], list[float]]:
    rng = np.random.default_rng(seed)
    denominators = np.full(len(rates), float(size))
    return rng.binomial(size, rates).astype(float).tolist(), denominators.tolist()


def test_overdispersed_proportions_with_large_denominators_suggest_p_prime() -> None:
    # The true rate itself wanders month to month (between-month variation the binomial
    # model has no room for), seen through 20,000 patients a month.
    rates = 0.2 + np.random.default_rng(1).normal(0, 0.01, 36)
    numerators, denominators = _proportions(rates, 20_000, seed=2)
    result = spc(MONTHS, numerators, denominators, chart="p")
    advice = _only(result, "overdispersion")
    assert advice.suggested_chart == "pp"
    assert advice.statistic is not None and advice.statistic > 2
    assert advice.threshold == OVERDISPERSION_RATIO
    assert advice.chi_square is not None and advice.chi_square_critical is not None
    assert advice.chi_square > advice.chi_square_critical
    assert advice.degrees_of_freedom == 35
    assert advice.mean_denominator == 20_000
    assert "Laney's p' chart" in advice.message and "20,000" in advice.message


def test_binomial_proportions_are_not_overdispersed() -> None:
    for seed in range(5):
        numerators, denominators = _proportions(np.full(36, 0.2), 20_000, seed=seed)
        assert "overdispersion" not in _kinds(spc(MONTHS, numerators, denominators, chart="p"))


def test_a_genuine_shift_is_not_called_overdispersion() -> None:
    # The chi-square is huge (the rate moved), but month-to-month variation is binomial.
    rates = np.array([0.2] * 18 + [0.25] * 18)
    numerators, denominators = _proportions(rates, 20_000, seed=3)
    result = spc(MONTHS, numerators, denominators, chart="p")
    assert "overdispersion" not in _kinds(result)


def test_overdispersed_rates_suggest_u_prime() -> None:
    rng = np.random.default_rng(4)
    exposure = np.full(36, 50_000.0)
    counts = rng.poisson(exposure * (0.01 + rng.normal(0, 0.001, 36))).astype(float)
    result = spc(MONTHS, counts.tolist(), exposure.tolist(), chart="u")
    assert _only(result, "overdispersion").suggested_chart == "up"


@pytest.mark.parametrize("chart", ["pp", "up", "xmr"])
def test_no_overdispersion_advice_for_charts_that_allow_for_it(chart: ChartType) -> None:
    rates = 0.2 + np.random.default_rng(1).normal(0, 0.01, 36)
    numerators, denominators = _proportions(rates, 20_000, seed=2)
    result = spc(MONTHS, numerators, denominators if chart != "xmr" else None, chart=chart)
    assert "overdispersion" not in _kinds(result)


def test_counts_mostly_zero_suggest_a_g_chart() -> None:
    counts = [0.0] * 30 + [1, 0, 0, 2, 0, 1]
    advice = _only(spc(MONTHS, counts, chart="c"), "rare_events")
    assert advice.suggested_chart == "g"
    assert advice.statistic == pytest.approx(33 / 36)
    assert advice.threshold == RARE_ZERO_SHARE
    assert "33 of the 36 points are zero" in advice.message
    assert "t chart" in advice.message and "run chart" in advice.message


def test_rare_events_on_a_p_chart_and_an_xmr_chart_of_counts() -> None:
    numerators = [0.0] * 20 + [1.0] * 16
    assert "rare_events" in _kinds(spc(MONTHS, numerators, [300.0] * 36, chart="p"))
    assert "rare_events" in _kinds(spc(MONTHS, numerators, chart="xmr"))


def test_frequent_events_or_measurements_are_not_rare_events() -> None:
    counts = [float(c) for c in np.random.default_rng(5).poisson(6, 36)]
    assert "rare_events" not in _kinds(spc(MONTHS, counts, chart="c"))
    # Half zeros, but not counts: an XmR chart of measurements.
    measurements = [0.0] * 18 + [0.5] * 18
    assert "rare_events" not in _kinds(spc(MONTHS, measurements, chart="xmr"))
    # Just under the threshold.
    counts = [0.0] * 17 + [1.0] * 19
    assert "rare_events" not in _kinds(spc(MONTHS, counts, chart="c"))


def test_too_few_points_for_limits_suggest_a_run_chart() -> None:
    values = [5.0, 6, 5, 7, 6, 5, 6, 5, 7, 6, 5, 6]
    advice = _only(spc(MONTHS[:11], values[:11]), "too_few_points")
    assert (advice.suggested_chart, advice.statistic, advice.threshold) == ("run", 11, MIN_POINTS)
    assert "only 11 points" in advice.message
    assert advise(spc(MONTHS[:12], values)) == ()
    assert advise(spc(MONTHS[:5], values[:5], chart="run")) == ()
    assert advise(spc([], [])) == ()


def test_a_sustained_shift_suggests_recalculating_from_where_it_began() -> None:
    before, after = (
        [10.0, 11, 9, 10, 12, 10, 9, 11, 10, 11, 9, 10],
        [15.0, 16, 14, 15, 16, 15, 14, 16],
    )
    values = before + after
    result = spc(MONTHS[:20], values)
    assert result.summary.suggested_rebase is not None
    advice = _only(result, "recalculate")
    assert advice.suggested_rebase == result.summary.suggested_rebase
    assert advice.suggested_chart == "xmr"
    assert str(result.summary.suggested_rebase) in advice.message
    stable = spc(MONTHS[:20], before + before[:8])
    assert "recalculate" not in _kinds(stable)


def test_the_batch_form_gives_the_same_advice_as_one_series_at_a_time() -> None:
    rates = 0.2 + np.random.default_rng(1).normal(0, 0.01, 36)
    over, denominators = _proportions(rates, 20_000, seed=2)
    calm, _ = _proportions(np.full(36, 0.2), 20_000, seed=0)
    rare = [0.0] * 30 + [1.0] * 6
    series = {"over": over, "calm": calm, "rare": rare, "short": over[:8]}
    frame = pl.DataFrame(
        {
            "series": [name for name, values in series.items() for _ in values],
            "period": [MONTHS[i] for values in series.values() for i in range(len(values))],
            "value": [v for values in series.values() for v in values],
            "denominator": [denominators[0]] * sum(len(v) for v in series.values()),
        }
    )
    batch = spc_batch(frame, denominator="denominator", chart="p")
    table = advise_batch(batch)
    expected = [
        (result.summary.series, advice.kind, advice.message, advice.statistic)
        for result in batch.series_results()
        for advice in advise(result)
    ]
    rows = table.select("series", "kind", "message", "statistic").rows()
    assert [row[:3] for row in rows] == [row[:3] for row in expected]
    # The same figures, summed in a different order.
    assert [row[3] for row in rows] == pytest.approx([row[3] for row in expected], rel=1e-12)
    assert {kind for _, kind, _, _ in expected} >= {
        "overdispersion",
        "rare_events",
        "too_few_points",
    }


def test_the_batch_form_of_a_batch_without_advice_is_an_empty_table() -> None:
    frame = pl.DataFrame({"series": ["a"] * 12, "period": range(12), "value": [4.0, 5] * 6})
    table = advise_batch(spc_batch(frame))
    assert table.height == 0
    assert table.columns[:3] == ["series", "kind", "message"]
