"""Centre lines and control limits of every chart type, all segments at once (SPC.md §1.3, §2.2).

Each chart follows its reference's formula and operation order, so the numbers agree to the last
bit where R's arithmetic allows: the XmR chart under the ``mdc`` and ``ihi`` rule sets is
NHSRplotthedots' (2.66 times the mean moving range, a missing or excluded point removes the two
moving ranges that touch it); every other chart, and XmR under ``anhoej``, is qicharts2's (an
excluded point is dropped before differencing, so the moving range bridges it).

Sums and means run over the baseline points that are not excluded. ``options.centre`` replaces
the centre line and, like qicharts2's ``cl``, is in the data's units before ``options.multiply``.

Where the references are silent or odd, Kaizen decides (and says so here):

* NHSRplotthedots has no exclusions; under ``mdc``/``ihi`` an excluded point is treated like a
  point after the baseline (NA in ``fix_y``), so it removes its two moving ranges.
* qicharts2's S chart averages the standard deviations of all points when subgroup sizes are
  equal; here, as everywhere else, only the baseline's (identical without a baseline).
* A t chart's given centre is in the data's units, so it is transformed like the data
  (qicharts2 would use it unchanged on the transformed scale).
* The 2-sigma lines of the xbar, s and mr charts are cl ± 2 sigma of the plotted statistic,
  with the chart's clamps; qicharts2 does not test them.
* Sigma constants use Python's ``lgamma``, which can differ from R's in the last bit (S chart
  limits then differ by one ulp).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from kaizen_spc._arrays import Bools, Floats, Ints, Limits, Prepared
from kaizen_spc._numeric import (
    blocks,
    broadcast,
    segment_count,
    segment_lengths,
    segment_max,
    segment_mean,
    segment_median,
    segment_sum,
)
from kaizen_spc.types import ChartType, SPCOptions

# Moving ranges at or above this multiple of their mean are screened out (Nelson 1982).
SCREEN_FACTOR = 3.267
# d2 for subgroups of two: sigma = mean moving range / d2.
D2 = 1.128
# NHSRplotthedots' literal multiplier of the mean moving range (not 3 / 1.128).
MDC_LIMIT = 2.66
# The t chart charts y ** (1 / 3.6), which is close to symmetric for exponential times.
T_POWER = 3.6


def compute_limits(prepared: Prepared, options: SPCOptions) -> Limits:
    """The plotted values, centre line and 3-sigma and 2-sigma limits of every point.

    A limit is NaN where it is undefined (a single point, a zero denominator, a subgroup of
    one). Lower limits are not clamped to zero unless the reference does so for the chart.

    >>> from kaizen_spc._prepare import prepare
    >>> import polars as pl
    >>> frame = pl.DataFrame({"period": [1, 2, 3, 4], "value": [1.0, 3.0, 2.0, 4.0]})
    >>> options = SPCOptions()
    >>> limits = compute_limits(prepare(frame, options=options), options)
    >>> # mean 2.5, moving ranges 2, 1, 2: upper = 2.5 + 2.66 * 5 / 3
    >>> float(limits.centre[0]), float(limits.upper[0]), float(limits.lower_2s[0])
    (2.5, 6.933333333333334, -0.4555555555555557)
    """
    lines = _CHARTS[options.chart](prepared, options)
    y, centre = lines.y, lines.centre
    bounds = [lines.lower, lines.upper, lines.lower_2s, lines.upper_2s]
    if options.multiply != 1:
        y, centre = y * options.multiply, centre * options.multiply
        bounds = [bound * options.multiply for bound in bounds]
    # qicharts2 blanks infinite limits (zero denominators), after multiplying.
    bounds = [np.where(np.isfinite(bound), bound, np.nan) for bound in bounds]
    if lines.per_segment:
        offsets = prepared.segment_offsets
        centre = broadcast(centre, offsets)
        bounds = [broadcast(bound, offsets) for bound in bounds]
    return Limits(y, centre, *bounds)


@dataclass(frozen=True)
class _Lines:
    """A chart's values and lines. Charts whose lines are constant within a segment give them
    per segment (``per_segment``), which spares arithmetic on every point."""

    y: Floats
    centre: Floats
    lower: Floats
    upper: Floats
    lower_2s: Floats
    upper_2s: Floats
    per_segment: bool = False

    @classmethod
    def around(cls, y: Floats, centre: Floats, sigma: Floats, *, per_segment: bool) -> _Lines:
        """Lines at centre ± 3 sigma and ± 2 sigma, computed as qicharts2 writes them."""
        return cls(
            y,
            centre,
            centre - 3 * sigma,
            centre + 3 * sigma,
            centre - 2 * sigma,
            centre + 2 * sigma,
            per_segment,
        )

    def clamped(self, *, ceiling: float | None = None) -> _Lines:
        """Finite lower lines raised to 0 (and upper ones lowered to ``ceiling``), as qicharts2
        does for counts and proportions; infinite ones are left to become NaN."""

        def floor(line: Floats) -> Floats:
            return np.where(np.isfinite(line) & (line < 0), 0.0, line)

        def cap(line: Floats) -> Floats:
            if ceiling is None:
                return line
            return np.where(np.isfinite(line) & (line > ceiling), ceiling, line)

        return _Lines(
            self.y,
            self.centre,
            floor(self.lower),
            cap(self.upper),
            floor(self.lower_2s),
            cap(self.upper_2s),
            self.per_segment,
        )


def _base(prepared: Prepared) -> Bools:
    return prepared.baseline & prepared.included


def _segment_centre(computed: Floats, options: SPCOptions) -> Floats:
    """The computed centre of each segment, or the user's centre line."""
    if options.centre is not None:
        return np.full(len(computed), float(options.centre))
    return computed


def _centre(computed: Floats, prepared: Prepared, options: SPCOptions) -> Floats:
    """The centre line at every point."""
    return broadcast(_segment_centre(computed, options), prepared.segment_offsets)


def _moving_ranges(x: Floats, offsets: Ints) -> Floats:
    """|x[i] - x[i - 1]| within each segment; NaN on each segment's first point."""
    ranges = np.empty_like(x)
    if len(x):
        # Laney z-scores are infinite where sigma is 0 (a p chart centred on 0 or 1): the range
        # between two of them is NaN, as in R, without a warning.
        with np.errstate(invalid="ignore"):
            np.subtract(x[1:], x[:-1], out=ranges[1:])
        np.abs(ranges, out=ranges)
        ranges[offsets[:-1][segment_lengths(offsets) > 0]] = np.nan
    return ranges


def _mean_moving_range(ranges: Floats, offsets: Ints, screen: bool) -> Floats:
    """The mean moving range per segment; screened once (ranges >= 3.267 x the mean dropped)."""
    mean = segment_mean(ranges, offsets)
    if not screen:
        return mean
    return segment_mean(ranges, offsets, where=ranges < broadcast(SCREEN_FACTOR * mean, offsets))


def _moving_range_mean(
    values: Floats,
    use: Bools,
    offsets: Ints,
    *,
    bridge: bool,
    screen: bool,
    centre: Floats | None = None,
) -> Floats:
    """Per segment, the mean moving range of the used points (of ``values - centre``).

    With ``bridge`` (qicharts2's ``diff(y[base] - cl[base])``) unused points are dropped before
    differencing, so a range spans them; without (NHSRplotthedots' ``fix_y``) they are NA and
    remove the two ranges that touch them. A missing value always removes its two ranges.
    Done a block of segments at a time, so no temporary is as long as the series together.
    """
    amr = np.empty(len(offsets) - 1)
    for elements, segments, local in blocks(offsets):
        block, used = values[elements], use[elements]
        if centre is not None:
            block = block - broadcast(centre[segments], local)
        if bridge:
            local = np.concatenate(([0], np.cumsum(segment_count(used, local))))
            block = block[used]
        else:
            block = np.where(used, block, np.nan)
        amr[segments] = _mean_moving_range(_moving_ranges(block, local), local, screen)
    return amr


def _nans(size: int) -> Floats:
    return np.full(size, np.nan)


def _run(prepared: Prepared, options: SPCOptions) -> _Lines:
    offsets = prepared.segment_offsets
    centre = _segment_centre(
        segment_median(prepared.value, offsets, where=_base(prepared)), options
    )
    none = _nans(len(centre))
    return _Lines(prepared.value, centre, none, none, none, none, per_segment=True)


def _xmr(prepared: Prepared, options: SPCOptions) -> _Lines:
    if options.rule_set == "anhoej":
        return _individuals(prepared.value, prepared, options)
    # NHSRplotthedots: points outside the baseline become NA (fix_y), so the moving range from
    # the last baseline point to the next one is NA, and so are both ranges around a gap.
    offsets = prepared.segment_offsets
    base = _base(prepared)
    centre = _segment_centre(segment_mean(prepared.value, offsets, where=base), options)
    amr = _moving_range_mean(prepared.value, base, offsets, bridge=False, screen=options.screen)
    near = 2 * (MDC_LIMIT / 3)
    return _Lines(
        prepared.value,
        centre,
        centre - MDC_LIMIT * amr,
        centre + MDC_LIMIT * amr,
        centre - near * amr,
        centre + near * amr,
        per_segment=True,
    )


def _individuals(y: Floats, prepared: Prepared, options: SPCOptions) -> _Lines:
    """qicharts2's I chart: mean of the baseline, sigma = mean moving range / 1.128."""
    offsets = prepared.segment_offsets
    base = _base(prepared)
    centre = _segment_centre(segment_mean(y, offsets, where=base), options)
    amr = _moving_range_mean(y, base, offsets, bridge=True, screen=options.screen, centre=centre)
    return _Lines.around(y, centre, amr / D2, per_segment=True)


def _t(prepared: Prepared, options: SPCOptions) -> _Lines:
    # The centre the user gives is in hours (days, ...), so it is transformed like the data.
    transformed_options = options
    if options.centre is not None:
        transformed_options = replace(options, centre=options.centre ** (1 / T_POWER))
    lines = _individuals(prepared.value ** (1 / T_POWER), prepared, transformed_options)
    with np.errstate(invalid="ignore"):
        y, centre, lower, upper, lower_2s, upper_2s = (
            line**T_POWER
            for line in (
                lines.y,
                lines.centre,
                lines.lower,
                lines.upper,
                lines.lower_2s,
                lines.upper_2s,
            )
        )
    # A negative transformed limit has no real power: qicharts2 sets it (and NaN) to 0.
    lower = np.where(np.isnan(lower) | (lower < 0), 0.0, lower)
    lower_2s = np.where(np.isnan(lower_2s) | (lower_2s < 0), 0.0, lower_2s)
    return _Lines(y, centre, lower, upper, lower_2s, upper_2s, per_segment=True)


def _mr(prepared: Prepared, options: SPCOptions) -> _Lines:
    offsets = prepared.segment_offsets
    y = _moving_ranges(prepared.value, offsets)
    centre = _segment_centre(segment_mean(y, offsets, where=_base(prepared)), options)
    zero = np.zeros(len(centre))
    return _Lines(
        y,
        centre,
        zero,
        SCREEN_FACTOR * centre,
        zero,
        SCREEN_FACTOR / 3 * 2 * centre,
        per_segment=True,
    )


def _c4(n: Floats) -> Floats:
    """c4(n) = sqrt(2 / (n - 1)) * Gamma(n / 2) / Gamma((n - 1) / 2); NaN for n <= 1.

    Computed once per distinct subgroup size, so the cost is independent of the series count.
    """
    sizes, where = np.unique(n, return_inverse=True)
    values = np.array(
        [
            math.sqrt(2 / (size - 1))
            * math.exp(math.lgamma(size / 2) - math.lgamma((size - 1) / 2))
            if size > 1
            else math.nan
            for size in sizes.tolist()
        ],
        dtype=np.float64,
    )
    return values[where.reshape(-1)] if len(n) else np.zeros(0)


def _pooled_sigma(prepared: Prepared) -> Floats:
    """Per segment: the pooled sd when subgroup sizes vary anywhere in it, else the mean sd."""
    offsets = prepared.segment_offsets
    n = prepared.denominator
    sd = prepared.subgroup_sd
    base = _base(prepared)
    varying = segment_max(n, offsets) != -segment_max(-n, offsets)
    with np.errstate(invalid="ignore", divide="ignore"):
        pooled = np.sqrt(
            segment_sum((n - 1) * (sd * sd), offsets, where=base)
            / segment_sum(n - 1, offsets, where=base)
        )
    return np.where(varying, pooled, segment_mean(sd, offsets, where=base))


def _xbar(prepared: Prepared, options: SPCOptions) -> _Lines:
    offsets = prepared.segment_offsets
    n = prepared.denominator
    y = prepared.value
    base = _base(prepared)
    with np.errstate(invalid="ignore", divide="ignore"):
        weighted = segment_sum(n * y, offsets, where=base) / segment_sum(n, offsets, where=base)
        centre = _centre(weighted, prepared, options)
        stdev = broadcast(_pooled_sigma(prepared), offsets)
        root_n_c4 = _c4(n) * np.sqrt(n)
        a3 = 3 / root_n_c4
        a2s = 2 / root_n_c4
    return _Lines(
        y,
        centre,
        centre - a3 * stdev,
        centre + a3 * stdev,
        centre - a2s * stdev,
        centre + a2s * stdev,
    )


def _s(prepared: Prepared, options: SPCOptions) -> _Lines:
    n = prepared.denominator
    centre = _centre(_pooled_sigma(prepared), prepared, options)
    c4 = _c4(n)
    # Subgroups of one have no c4 (NaN), and a pooled sigma over them can be infinite (its
    # n - 1 sum to 0): 0 x infinity is NaN, blanked like every undefined limit, not a warning.
    with np.errstate(invalid="ignore"):
        c5 = np.sqrt(1 - c4 * c4)
        # qicharts2: B3 = pmax(0, 1 - 3 * c5 / c4), B4 = 1 + 3 * c5 / c4, limits B * cl.
        return _Lines(
            prepared.subgroup_sd,
            centre,
            np.maximum(0, 1 - 3 * c5 / c4) * centre,
            (1 + 3 * c5 / c4) * centre,
            np.maximum(0, 1 - 2 * c5 / c4) * centre,
            (1 + 2 * c5 / c4) * centre,
        )


def _ratio_centre(prepared: Prepared, options: SPCOptions) -> Floats:
    offsets = prepared.segment_offsets
    base = _base(prepared)
    with np.errstate(invalid="ignore", divide="ignore"):
        per_segment = segment_sum(prepared.numerator, offsets, where=base) / segment_sum(
            prepared.denominator, offsets, where=base
        )
    return _centre(per_segment, prepared, options)


def _laney(sigma: Floats, prepared: Prepared, centre: Floats, options: SPCOptions) -> Floats:
    """Laney's sigma: the binomial/Poisson sigma times the I-chart sigma of the z-scores."""
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (prepared.value - centre) / sigma
    offsets = prepared.segment_offsets
    amr = _moving_range_mean(z, _base(prepared), offsets, bridge=True, screen=options.screen)
    sigma_z = amr / D2
    return sigma * broadcast(sigma_z, offsets)


def _p_sigma(prepared: Prepared, centre: Floats) -> Floats:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.sqrt(centre * (1 - centre) / prepared.denominator)


def _u_sigma(prepared: Prepared, centre: Floats) -> Floats:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.sqrt(centre / prepared.denominator)


def _p(prepared: Prepared, options: SPCOptions) -> _Lines:
    centre = _ratio_centre(prepared, options)
    sigma = _p_sigma(prepared, centre)
    return _Lines.around(prepared.value, centre, sigma, per_segment=False).clamped(ceiling=1.0)


def _pp(prepared: Prepared, options: SPCOptions) -> _Lines:
    centre = _ratio_centre(prepared, options)
    sigma = _laney(_p_sigma(prepared, centre), prepared, centre, options)
    return _Lines.around(prepared.value, centre, sigma, per_segment=False).clamped(ceiling=1.0)


def _u(prepared: Prepared, options: SPCOptions) -> _Lines:
    centre = _ratio_centre(prepared, options)
    sigma = _u_sigma(prepared, centre)
    return _Lines.around(prepared.value, centre, sigma, per_segment=False).clamped()


def _up(prepared: Prepared, options: SPCOptions) -> _Lines:
    centre = _ratio_centre(prepared, options)
    sigma = _laney(_u_sigma(prepared, centre), prepared, centre, options)
    return _Lines.around(prepared.value, centre, sigma, per_segment=False).clamped()


def _c(prepared: Prepared, options: SPCOptions) -> _Lines:
    offsets = prepared.segment_offsets
    centre = _segment_centre(segment_mean(prepared.value, offsets, where=_base(prepared)), options)
    with np.errstate(invalid="ignore"):
        sigma = np.sqrt(centre)
    return _Lines.around(prepared.value, centre, sigma, per_segment=True).clamped()


def _g(prepared: Prepared, options: SPCOptions) -> _Lines:
    """Limits from the mean (geometric sigma); the displayed centre line is the median."""
    y = prepared.value
    offsets = prepared.segment_offsets
    base = _base(prepared)
    if options.centre is not None:
        mean = np.full(len(offsets) - 1, float(options.centre))
        # qicharts2: a given centre is the mean; the theoretical median is 0.693 times it.
        shown = 0.693 * mean
    else:
        mean = segment_mean(y, offsets, where=base)
        shown = segment_median(y, offsets, where=base)
    with np.errstate(invalid="ignore"):
        sigma = np.sqrt(mean * (mean + 1))
    lines = _Lines.around(y, mean, sigma, per_segment=True).clamped()
    return replace(lines, centre=shown)


_CHARTS: dict[ChartType, Callable[[Prepared, SPCOptions], _Lines]] = {
    "run": _run,
    "xmr": _xmr,
    "mr": _mr,
    "xbar": _xbar,
    "s": _s,
    "t": _t,
    "p": _p,
    "pp": _pp,
    "c": _c,
    "u": _u,
    "up": _up,
    "g": _g,
}
