"""Funnel plots (Spiegelhalter 2005) against values computed by hand from the published
formulas, one unit at a time with the math module, and against their known limiting cases."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kaizen_spc.errors import SPCInputError
from kaizen_spc.funnel import Z_95, Z_998, funnel

# The ten units of NHS-R FunnelPlotR's binomial worked example (dev/workingout_binom.R).
NUMERATORS = [12, 30, 26, 50, 42, 71, 4, 29, 48, 36]
DENOMINATORS = [82, 98, 100, 125, 162, 151, 12, 100, 82, 99]


def _percentile(values: list[float], share: float) -> float:
    # R's and numpy's default (type 7): interpolate between the order statistics.
    ordered = sorted(values)
    h = (len(ordered) - 1) * share
    low = math.floor(h)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (h - low) * (ordered[high] - ordered[low])


def _by_hand(numerators: list[int], denominators: list[int]) -> dict[str, object]:
    """Spiegelhalter (2005) section 6 for proportions, on the arcsine square-root scale."""
    target = sum(numerators) / sum(denominators)
    centre = math.asin(math.sqrt(target))
    z = [
        (math.asin(math.sqrt(y / n)) - centre) * 2 * math.sqrt(n)
        for y, n in zip(numerators, denominators, strict=True)
    ]
    low, high = _percentile(z, 0.1), _percentile(z, 0.9)
    phi = sum(min(max(score, low), high) ** 2 for score in z) / len(z)
    w = [4.0 * n for n in denominators]
    tau2 = max(0.0, (len(z) * phi - (len(z) - 1)) / (sum(w) - sum(x * x for x in w) / sum(w)))
    limits = {
        name: [
            math.sin(min(max(centre + sign * q * math.sqrt(1 / (4 * n) + tau2), 0), math.pi / 2))
            ** 2
            for n in denominators
        ]
        for name, sign, q in (
            ("lower_95", -1, 1.959964),
            ("upper_95", 1, 1.959964),
            ("lower_998", -1, 3.090232),
            ("upper_998", 1, 3.090232),
        )
    }
    return {"target": target, "z": z, "phi": phi, "tau2": tau2, **limits}


def test_proportions_match_the_published_formulas_computed_by_hand() -> None:
    result = funnel(NUMERATORS, DENOMINATORS)
    expected = _by_hand(NUMERATORS, DENOMINATORS)
    assert result.target == pytest.approx(expected["target"], rel=1e-15)
    assert result.z.tolist() == pytest.approx(expected["z"], rel=1e-12)
    assert result.phi == pytest.approx(expected["phi"], rel=1e-12)
    assert result.tau2 == pytest.approx(expected["tau2"], rel=1e-12)
    assert result.tau2 > 0 and result.overdispersed
    for name in ("lower_95", "upper_95", "lower_998", "upper_998"):
        # The hand computation rounds the quantiles to 7 digits, as published tables do.
        assert getattr(result.limits, name).tolist() == pytest.approx(expected[name], abs=1e-7)


def test_units_outside_the_limits_are_those_beyond_them_at_their_own_denominator() -> None:
    result = funnel(NUMERATORS, DENOMINATORS)
    value = result.value
    beyond_95 = (value < result.limits.lower_95) | (value > result.limits.upper_95)
    beyond_998 = (value < result.limits.lower_998) | (value > result.limits.upper_998)
    assert result.outside_95.tolist() == beyond_95.tolist()
    assert result.outside_998.tolist() == beyond_998.tolist()
    # Unit 9 (48 of 82, 59 %) and unit 1 (12 of 82, 15 %) are far from a 28 % target, but
    # within 99.8 % limits once the units' extra variation is allowed for.
    assert result.outside_95.tolist() == [True] + [False] * 7 + [True, False]
    assert not result.outside_998.any()
    assert funnel(NUMERATORS, DENOMINATORS, adjustment="none").outside_998[[0, 8]].all()


def test_without_adjustment_limits_approach_the_normal_approximation_for_large_n() -> None:
    result = funnel([2_000, 20_000], [10_000, 100_000], adjustment="none")
    p = 0.2
    limits = result.limits_at([1e6, 1e7])
    for n, upper, lower in zip([1e6, 1e7], limits.upper_95, limits.lower_95, strict=True):
        half_width = Z_95 * math.sqrt(p * (1 - p) / n)
        assert upper == pytest.approx(p + half_width, rel=1e-4)
        assert lower == pytest.approx(p - half_width, rel=1e-4)


def test_limits_narrow_as_the_denominator_grows_and_stay_within_zero_and_one() -> None:
    result = funnel(NUMERATORS, DENOMINATORS, adjustment="none")
    limits = result.limits_at([1.0, 10, 100, 1000, 10000])
    assert (np.diff(limits.upper_998) < 0).all() and (np.diff(limits.lower_998) > 0).all()
    assert limits.lower_998[0] == 0 and limits.upper_998[0] == 1
    assert (limits.upper_998 >= limits.upper_95).all()


def test_binomial_units_are_not_overdispersed() -> None:
    rng = np.random.default_rng(7)
    denominators = rng.integers(200, 5_000, 250).astype(float)
    numerators = rng.binomial(denominators.astype(int), 0.1).astype(float)
    result = funnel(numerators, denominators)
    # Winsorising at 10 % shrinks the mean square of normal z-scores to about 0.68.
    assert result.phi == pytest.approx(0.68, abs=0.15)
    assert result.tau2 == 0 and not result.overdispersed
    # About 5 % and 0.2 % outside by chance alone.
    assert result.outside_95.sum() < 25 and result.outside_998.sum() < 4


def test_overdispersion_widens_the_limits_additively_or_multiplicatively() -> None:
    rng = np.random.default_rng(8)
    denominators = rng.integers(5_000, 50_000, 250).astype(float)
    rates = np.clip(rng.normal(0.1, 0.01, 250), 0.01, 0.99)
    numerators = rng.binomial(denominators.astype(int), rates).astype(float)
    plain = funnel(numerators, denominators, adjustment="none")
    additive = funnel(numerators, denominators)
    multiplicative = funnel(numerators, denominators, adjustment="multiplicative")
    assert plain.phi > 5 and additive.tau2 > 0
    # Unadjusted, chance is mistaken for performance; adjusted, few units stand out.
    assert plain.outside_998.sum() > 100
    assert additive.outside_998.sum() < 10 and multiplicative.outside_998.sum() < 10
    width = multiplicative.limits.upper_95 - multiplicative.target
    plain_width = plain.limits.upper_95 - plain.target
    # On the arcsine scale the multiplicative spread is sqrt(phi) times the plain one.
    assert np.arcsin(np.sqrt(multiplicative.target + width)) - np.arcsin(
        np.sqrt(multiplicative.target)
    ) == pytest.approx(
        math.sqrt(plain.phi)
        * (np.arcsin(np.sqrt(plain.target + plain_width)) - np.arcsin(np.sqrt(plain.target))),
        rel=1e-9,
    )


def test_rates_use_the_square_root_scale() -> None:
    counts, exposure = [30.0, 12, 55], [1_000.0, 800, 1_500]
    result = funnel(counts, exposure, kind="rate", adjustment="none", multiply=1000)
    target = sum(counts) / sum(exposure)
    assert result.target == pytest.approx(target)
    upper = (math.sqrt(target) + Z_998 / (2 * math.sqrt(800))) ** 2 * 1000
    assert result.limits.upper_998[1] == pytest.approx(upper, rel=1e-12)
    assert result.value.tolist() == pytest.approx([30.0, 15.0, 36.666666666666664])


def test_a_given_target_replaces_the_pooled_one() -> None:
    result = funnel(NUMERATORS, DENOMINATORS, target=0.25, adjustment="none")
    assert result.target == 0.25
    assert result.z[0] == pytest.approx(
        (math.asin(math.sqrt(12 / 82)) - math.asin(math.sqrt(0.25))) * 2 * math.sqrt(82)
    )


@pytest.mark.parametrize(
    ("numerators", "denominators", "kind", "message", "row"),
    [
        ([1, -2], [10, 10], "proportion", "the numerator -2 is negative", 1),
        ([1, 2], [10, 0], "proportion", "the denominator 0 is zero", 1),
        ([1, 11], [10, 10], "proportion", "numerator 11 is above its denominator 10", 1),
        ([float("nan"), 1], [10, 10], "rate", "the numerator nan is not a finite number", 0),
    ],
)
def test_bad_units_are_refused_naming_the_unit(
    numerators: list[float], denominators: list[float], kind: str, message: str, row: int
) -> None:
    with pytest.raises(SPCInputError, match=message) as caught:
        funnel(numerators, denominators, kind=kind)  # type: ignore[arg-type]
    assert caught.value.row == row


def test_rates_may_exceed_one() -> None:
    assert funnel([11.0, 3], [10.0, 10], kind="rate").value.tolist() == [1.1, 0.3]
