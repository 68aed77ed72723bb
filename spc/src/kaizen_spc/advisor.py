"""The chart advisor: when a chart's type misleads, say so, why, and what to chart instead.

Advice is a suggestion with its evidence, never applied: the owner of the measure decides.
Four kinds, each judged on the last segment of a series (the one its current limits describe):

* ``overdispersion`` (p and u charts): the points vary more than the binomial or Poisson
  model allows, as they do when denominators are large (thousands of attendances a month):
  the limits are then too narrow and flag common-cause variation. Two statistics must agree:
  Laney's sigma_z (the moving-range sigma of the z-scores, moving ranges above 3.267 times
  their mean screened out: the ratio of the observed to the expected variation, 1 when the
  model fits) is at least ``OVERDISPERSION_RATIO``, and the
  Pearson chi-square dispersion test (the sum of squared z-scores on m - 1 degrees of freedom)
  rejects the model at the ``OVERDISPERSION_ALPHA`` level. The moving-range statistic is not
  inflated by a genuine shift, as the chi-square is, so a p chart with a real special cause is
  not called overdispersed. Suggests Laney's p' (``pp``) or u' (``up``) chart.
* ``rare_events`` (p, p', u, u', c and XmR of counts): at least ``RARE_ZERO_SHARE`` of the
  points are zero; limits are then zero-width or meaningless. Suggests a g chart (cases
  between events), naming the t chart (days between events) and the run chart as well.
* ``too_few_points`` (any chart with limits): fewer than ``MIN_POINTS`` points behind the
  limits; suggests a run chart until there are enough.
* ``recalculate``: a sustained shift, from the summary's ``suggested_rebase`` (the same
  suggestion the summary already makes), with the period the new limits would start at.

>>> import datetime as dt
>>> from kaizen_spc import spc
>>> months = [dt.date(2024, m, 1) for m in range(1, 7)]
>>> [a.kind for a in advise(spc(months, [5.0, 6, 5, 7, 6, 5]))]
['too_few_points']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast

import polars as pl

from kaizen_spc.api import POINT_SCHEMA, BatchResult
from kaizen_spc.types import ChartType, Period, SeriesResult

AdviceKind = Literal["overdispersion", "rare_events", "too_few_points", "recalculate"]

# Laney's sigma_z at or above which p' or u' limits are at least this much wider than p or u.
OVERDISPERSION_RATIO = 1.2
# The chi-square dispersion test's level, and the standard normal quantile it needs.
OVERDISPERSION_ALPHA = 0.01
_Z_ALPHA = 2.3263478740408408  # the 0.99 quantile of the standard normal
# The share of zero points from which a chart of counts or rates is a chart of rare events.
RARE_ZERO_SHARE = 0.5
# Fewer points than this behind the limits: too few (MDC and Anhøj both ask for 12 or more).
MIN_POINTS = 12
# Laney's d2 for moving ranges of two.
_D2 = 1.128
# Moving ranges this many times their mean are screened out, as on the I chart (SPC.md 1.3).
_SCREEN = 3.267

_COUNT_CHARTS = frozenset({"p", "pp", "u", "up", "c", "xmr"})
_LIMITLESS_CHARTS = frozenset({"run"})

# The points columns the advisor reads.
_POINTS_SCHEMA = pl.Schema(
    {
        name: POINT_SCHEMA[name]
        for name in ("series", "value", "denominator", "segment", "baseline", "included", "centre")
    }
)
ADVICE_SCHEMA = pl.Schema(
    {
        "series": pl.String(),
        "kind": pl.String(),
        "message": pl.String(),
        "suggested_chart": pl.String(),
        "statistic": pl.Float64(),
        "threshold": pl.Float64(),
        "chi_square": pl.Float64(),
        "degrees_of_freedom": pl.Int64(),
        "chi_square_critical": pl.Float64(),
        "mean_denominator": pl.Float64(),
    }
)


@dataclass(frozen=True)
class Advice:
    """One piece of advice about one chart.

    ``statistic`` is the figure the advice rests on, compared with ``threshold``: sigma_z
    for overdispersion, the share of zero points for rare events, the number of points for
    too few points (None for a recalculation). Overdispersion also gives the chi-square
    dispersion statistic, its degrees of freedom and critical value, and the mean denominator.
    """

    kind: AdviceKind
    message: str
    suggested_chart: ChartType | None
    statistic: float | None = None
    threshold: float | None = None
    chi_square: float | None = None
    degrees_of_freedom: int | None = None
    chi_square_critical: float | None = None
    mean_denominator: float | None = None
    suggested_rebase: Period | None = None


def advise(result: SeriesResult, *, multiply: float = 1.0) -> tuple[Advice, ...]:
    """Advice on one chart; ``multiply`` is the scale the chart was drawn with (100 for %).

    >>> from kaizen_spc import spc
    >>> rare = spc(range(1, 25), [0.0] * 20 + [1, 0, 2, 0], chart="c")
    >>> [(a.kind, a.suggested_chart, round(a.statistic, 3)) for a in advise(rare)]
    [('rare_events', 'g', 0.917)]
    """
    summary = result.summary
    points = pl.DataFrame(
        {
            "series": [summary.series] * len(result.points),
            "value": [point.value for point in result.points],
            "denominator": [point.denominator for point in result.points],
            "segment": [point.segment for point in result.points],
            "baseline": [point.baseline for point in result.points],
            "included": [point.included for point in result.points],
            "centre": [point.centre for point in result.points],
        },
        schema=_POINTS_SCHEMA,
    )
    summaries = pl.DataFrame(
        {
            "series": [summary.series],
            "chart": [summary.chart],
            "suggested_rebase": [summary.suggested_rebase],
        }
    )
    return tuple(advice for _, advice in _advice(points, summaries, multiply=multiply))


def advise_batch(batch: BatchResult, *, multiply: float = 1.0) -> pl.DataFrame:
    """Advice on every series of a batch: one row per piece of advice, in series order, with
    the columns of ADVICE_SCHEMA and ``suggested_rebase``. The statistics are computed
    column-wise for all series at once; only the advice found is put into words.

    >>> from kaizen_spc import spc_batch
    >>> frame = pl.DataFrame({"series": ["a"] * 3 + ["b"] * 12,
    ...                       "period": [*range(3), *range(12)],
    ...                       "value": [1.0, 2, 3] + [4.0, 5] * 6})
    >>> advise_batch(spc_batch(frame)).select("series", "kind", "statistic").rows()
    [('a', 'too_few_points', 3.0)]
    """
    found = _advice(batch.points, batch.summary, multiply=multiply)
    schema = {**ADVICE_SCHEMA, "suggested_rebase": batch.summary.schema["suggested_rebase"]}
    return pl.DataFrame(
        [{"series": series, **advice.__dict__} for series, advice in found], schema=schema
    )


def _advice(
    points: pl.DataFrame, summary: pl.DataFrame, *, multiply: float
) -> list[tuple[str, Advice]]:
    evidence = _evidence(points, summary, multiply=multiply)
    flagged = evidence.with_columns(
        few=~pl.col("chart").is_in(list(_LIMITLESS_CHARTS))
        & (pl.col("n") > 0)
        & (pl.col("n") < MIN_POINTS),
        over=pl.col("chart").is_in(["p", "u"])
        & (pl.col("m") >= MIN_POINTS)
        & (pl.col("sigma_z") >= OVERDISPERSION_RATIO)
        & (pl.col("chi_square") > pl.col("critical")),
        rare=pl.col("chart").is_in(list(_COUNT_CHARTS))
        & (pl.col("n") > 0)
        & (pl.col("zero_share") >= RARE_ZERO_SHARE)
        & ((pl.col("chart") != "xmr") | pl.col("counts")),
        shift=pl.col("suggested_rebase").is_not_null(),
    ).filter(pl.any_horizontal("few", "over", "rare", "shift"))
    found: list[tuple[str, Advice]] = []
    for row in flagged.iter_rows(named=True):
        chart = cast(ChartType, row["chart"])
        if row["few"]:
            found.append((row["series"], _too_few(row["n"])))
        if row["over"]:
            found.append((row["series"], _overdispersion(chart, row)))
        if row["rare"]:
            found.append((row["series"], _rare(row["zero_share"], row["n"])))
        if row["shift"]:
            found.append((row["series"], _recalculate(chart, row["suggested_rebase"])))
    return found


def _evidence(points: pl.DataFrame, summary: pl.DataFrame, *, multiply: float) -> pl.DataFrame:
    """Per series, over the points behind the last segment's limits: how many, the share of
    zeros, whether all are counts, and the z-scores' chi-square and Laney sigma_z."""
    charts = summary.select("series", "chart", "suggested_rebase")
    basis = (
        points.select("series", "value", "denominator", "segment", "baseline", "included", "centre")
        .filter(pl.col("segment") == pl.col("segment").max().over("series"))
        .filter(pl.col("baseline") & pl.col("included") & pl.col("value").is_not_null())
        .join(charts.select("series", "chart"), on="series", how="left", maintain_order="left")
        .with_columns(z=_z_scores(multiply))
    )
    finite_z = pl.col("z").filter(pl.col("z").is_finite())
    stats = basis.group_by("series", maintain_order=True).agg(
        n=pl.len(),
        zero_share=(pl.col("value") == 0).mean(),
        counts=((pl.col("value") >= 0) & (pl.col("value") == pl.col("value").floor())).all(),
        m=finite_z.count(),
        chi_square=(finite_z**2).sum(),
        sigma_z=_screened_mean(finite_z.diff().abs()) / _D2,
        mean_denominator=pl.col("denominator").mean(),
    )
    degrees = (pl.col("m") - 1).cast(pl.Float64)
    return charts.join(stats, on="series", how="left", maintain_order="left").with_columns(
        pl.col("n", "m").fill_null(0),
        # Wilson and Hilferty's cube-root normal approximation to the chi-square quantile.
        critical=degrees * (1 - 2 / (9 * degrees) + _Z_ALPHA * (2 / (9 * degrees)).sqrt()) ** 3,
    )


def _screened_mean(ranges: pl.Expr) -> pl.Expr:
    # As Laney's chart screens them (SPC.md 1.3): one large jump, a genuine shift, does not
    # count as ordinary variation.
    return ranges.filter(ranges < _SCREEN * ranges.mean()).mean()


def _z_scores(multiply: float) -> pl.Expr:
    rate = pl.col("value") / multiply
    centre = pl.col("centre") / multiply
    return (
        pl.when(pl.col("chart").is_in(["p", "pp"]))
        .then((rate - centre) / (centre * (1 - centre) / pl.col("denominator")).sqrt())
        .when(pl.col("chart").is_in(["u", "up"]))
        .then((rate - centre) / (centre / pl.col("denominator")).sqrt())
        .otherwise(None)
    )


def _too_few(n: int) -> Advice:
    return Advice(
        kind="too_few_points",
        message=f"The limits rest on only {n} point{'s' if n != 1 else ''}; with fewer than "
        f"{MIN_POINTS} they are unreliable. Use a run chart until there are {MIN_POINTS}.",
        suggested_chart="run",
        statistic=float(n),
        threshold=float(MIN_POINTS),
    )


def _overdispersion(chart: ChartType, row: dict[str, object]) -> Advice:
    sigma_z = cast(float, row["sigma_z"])
    chi_square = cast(float, row["chi_square"])
    critical = cast(float, row["critical"])
    degrees = cast(int, row["m"]) - 1
    mean_denominator = cast(float, row["mean_denominator"])
    laney: ChartType = "pp" if chart == "p" else "up"
    return Advice(
        kind="overdispersion",
        message=f"The points vary {sigma_z:.1f} times as much as a {chart} chart expects "
        f"(Laney's sigma_z; chi-square {chi_square:,.0f} on {degrees} degrees of freedom, "
        f"above {critical:,.1f}). With denominators this large (on average "
        f"{mean_denominator:,.0f}) its limits are too narrow and flag ordinary variation as "
        f"special. Laney's {chart}' chart allows for the extra variation.",
        suggested_chart=laney,
        statistic=sigma_z,
        threshold=OVERDISPERSION_RATIO,
        chi_square=chi_square,
        degrees_of_freedom=degrees,
        chi_square_critical=critical,
        mean_denominator=mean_denominator,
    )


def _rare(zero_share: float, n: int) -> Advice:
    zeros = round(zero_share * n)
    return Advice(
        kind="rare_events",
        message=f"{zeros} of the {n} points are zero: events are too rare for these limits, "
        "which are zero-width or meaningless. Chart the cases between events (g chart) or the "
        "days between events (t chart) instead, or use a run chart.",
        suggested_chart="g",
        statistic=zero_share,
        threshold=RARE_ZERO_SHARE,
    )


def _recalculate(chart: ChartType, period: Period) -> Advice:
    return Advice(
        kind="recalculate",
        message=f"A sustained shift began at period {period}: the process has changed, and limits "
        "recalculated from there would describe it as it is now.",
        suggested_chart=chart,
        suggested_rebase=period,
    )
