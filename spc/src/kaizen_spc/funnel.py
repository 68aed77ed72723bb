"""Funnel plots: many organisations' proportions or rates against a common target, with limits
that narrow as the denominator grows (Spiegelhalter, "Funnel plots for comparing institutional
performance", Statistics in Medicine 2005; 24:1185-1202).

The method, as the paper gives it and NHS-R's FunnelPlotR applies it to proportions:

* The target is the pooled value, sum of numerators over sum of denominators (or given).
* Values are put on a variance-stabilising scale, where each unit's standard error depends on
  its denominator alone: ``asin(sqrt(p))`` with standard error ``1 / (2 sqrt(n))`` for a
  proportion, ``sqrt(rate)`` with ``1 / (2 sqrt(exposure))`` for a rate (Poisson counts over
  an exposure). The z-score is the distance from the target over the standard error.
* Overdispersion: with large denominators, real organisations differ by more than chance, and
  unadjusted limits flag most of them. The z-scores are winsorised (the lowest and highest
  ``winsorise`` share set to the percentile values, 10 % by default) and the dispersion
  ``phi`` is their mean square. ``adjustment="additive"`` (the default, a random-effects model)
  adds a between-unit variance ``tau2 = (I phi - (I - 1)) / (sum w - sum w^2 / sum w)``,
  ``w = 1 / s^2`` (DerSimonian and Laird's estimate, 0 when ``I phi <= I - 1``), so limits are
  ``target +- z sqrt(s^2 + tau2)``; ``"multiplicative"`` widens them by ``sqrt(phi)`` when
  ``phi > 1``; ``"none"`` draws the plain limits.
* Limits are at 95 % (z = 1.96) and 99.8 % (z = 3.09), then transformed back (a proportion's
  limits stay within [0, 1], a rate's at or above 0).

>>> result = funnel([12, 30, 26, 50, 42], [82, 98, 100, 125, 162])
>>> round(result.target, 4), round(result.phi, 3), round(result.tau2, 5)
(0.2822, 1.765, 0.0027)
>>> result.limits_at([100.0]).upper_998.round(4).tolist()
[0.4975]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from kaizen_spc._arrays import Bools, Floats
from kaizen_spc.errors import SPCInputError

FunnelKind = Literal["proportion", "rate"]
Adjustment = Literal["additive", "multiplicative", "none"]

# Two-sided standard normal quantiles of the two funnel levels.
Z_95 = 1.959963984540054
Z_998 = 3.090232306167813


@dataclass(frozen=True, eq=False)
class FunnelLimits:
    """Limits at given denominators (on the value's scale, times ``multiply``)."""

    denominator: Floats
    lower_95: Floats
    upper_95: Floats
    lower_998: Floats
    upper_998: Floats


@dataclass(frozen=True, eq=False)
class FunnelResult:
    """A funnel plot: the units (in input order), the target and the overdispersion figures.

    ``value`` is each unit's proportion or rate times ``multiply``; ``z`` its unadjusted
    z-score, ``z_adjusted`` the z-score against the adjusted spread; ``limits`` the limits at
    each unit's own denominator, so ``outside_95``/``outside_998`` say which units lie outside.
    """

    kind: FunnelKind
    adjustment: Adjustment
    multiply: float
    target: float
    phi: float
    tau2: float
    numerator: Floats
    value: Floats
    z: Floats
    z_adjusted: Floats
    limits: FunnelLimits
    outside_95: Bools
    outside_998: Bools

    @property
    def overdispersed(self) -> bool:
        """Whether the units vary more than chance allows: ``I phi > I - 1`` for I units, the
        condition for a positive ``tau2``."""
        units = len(self.z)
        return units > 1 and self.phi * units > units - 1

    def limits_at(self, denominators: Sequence[float] | NDArray[Any]) -> FunnelLimits:
        """The funnel's limits at any denominators: for drawing its curves."""
        n = np.asarray(denominators, dtype=np.float64)
        spread = _spread(n, self.phi, self.tau2, self.adjustment)
        return _limits(self.kind, self.target, self.multiply, n, spread)


def funnel(
    numerators: Sequence[float] | NDArray[Any],
    denominators: Sequence[float] | NDArray[Any],
    *,
    kind: FunnelKind = "proportion",
    adjustment: Adjustment = "additive",
    target: float | None = None,
    winsorise: float = 0.1,
    multiply: float = 1.0,
) -> FunnelResult:
    """The funnel plot of units with these numerators and denominators (one pair each).

    Raises SPCInputError (``row`` = the unit's position) for a missing, negative or
    non-finite number, a zero denominator, or a numerator above its denominator on a
    proportion. ``target`` is on the value's scale before ``multiply``.

    >>> result = funnel([5, 50, 500], [100, 1000, 10000], adjustment="none")
    >>> result.target, result.phi, result.tau2, result.outside_95.tolist()
    (0.05, 0.0, 0.0, [False, False, False])
    """
    y = _checked("numerator", numerators)
    n = _checked("denominator", denominators)
    if len(y) != len(n):
        raise SPCInputError("numerators and denominators differ in number")
    _check_ratio(y, n, kind)
    if not 0 <= winsorise < 0.5:
        raise SPCInputError("winsorise must be at least 0 and below 0.5")
    pooled = float(y.sum() / n.sum()) if len(y) else float("nan")
    centre = pooled if target is None else target
    z = (_transform(y / n, kind) - _transform(np.array([centre]), kind)[0]) / _standard_error(n)
    phi, tau2 = _dispersion(z, n, winsorise)
    spread = _spread(n, phi, tau2, adjustment)
    z_adjusted = z * _standard_error(n) / spread
    return FunnelResult(
        kind=kind,
        adjustment=adjustment,
        multiply=multiply,
        target=centre,
        phi=phi,
        tau2=tau2,
        numerator=y,
        value=y / n * multiply,
        z=z,
        z_adjusted=z_adjusted,
        limits=_limits(kind, centre, multiply, n, spread),
        outside_95=np.abs(z_adjusted) > Z_95,
        outside_998=np.abs(z_adjusted) > Z_998,
    )


def _checked(name: str, numbers: Sequence[float] | NDArray[Any]) -> Floats:
    array = np.asarray(numbers, dtype=np.float64)
    problems = (
        (~np.isfinite(array), "is not a finite number"),
        (array < 0, "is negative"),
        (array == 0 if name == "denominator" else np.zeros(len(array), np.bool_), "is zero"),
    )
    for bad, complaint in problems:
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise SPCInputError(
                f"the {name} {float(array[row]):g} {complaint}", row=row, column=name
            )
    return array


def _check_ratio(y: Floats, n: Floats, kind: FunnelKind) -> None:
    if kind == "proportion" and (y > n).any():
        row = int(np.flatnonzero(y > n)[0])
        raise SPCInputError(
            f"the numerator {y[row]:g} is above its denominator {n[row]:g}",
            row=row,
            column="numerator",
        )


def _transform(values: Floats, kind: FunnelKind) -> Floats:
    if kind == "proportion":
        return np.arcsin(np.sqrt(values))
    return np.sqrt(values)


def _back(transformed: Floats, kind: FunnelKind) -> Floats:
    back: Floats = (
        np.sin(np.clip(transformed, 0, np.pi / 2)) ** 2
        if kind == "proportion"
        else np.maximum(transformed, 0) ** 2
    )
    return back


def _standard_error(n: Floats) -> Floats:
    return 1 / (2 * np.sqrt(n))


def _dispersion(z: Floats, n: Floats, winsorise: float) -> tuple[float, float]:
    """Spiegelhalter's phi (mean square of winsorised z) and the DerSimonian-Laird tau2."""
    units = len(z)
    if units < 2:
        return 0.0, 0.0
    low, high = np.quantile(z, [winsorise, 1 - winsorise])
    phi = float(np.mean(np.clip(z, low, high) ** 2))
    weights = 4 * n  # 1 / s^2
    denominator = weights.sum() - (weights**2).sum() / weights.sum()
    tau2 = max(0.0, (units * phi - (units - 1)) / denominator) if denominator > 0 else 0.0
    return phi, float(tau2)


def _spread(n: Floats, phi: float, tau2: float, adjustment: Adjustment) -> Floats:
    s = _standard_error(n)
    if adjustment == "additive":
        additive: Floats = np.sqrt(s**2 + tau2)
        return additive
    if adjustment == "multiplicative":
        return s * float(np.sqrt(max(phi, 1.0)))
    return s


def _limits(
    kind: FunnelKind, target: float, multiply: float, n: Floats, spread: Floats
) -> FunnelLimits:
    centre = _transform(np.array([target]), kind)[0]
    lines = [
        _back(centre + sign * z * spread, kind) * multiply
        for z in (Z_95, Z_998)
        for sign in (-1, 1)
    ]
    return FunnelLimits(n, *lines)
