"""The public entry points: ``spc`` charts one series, ``spc_batch`` charts many at once,
``spc_batches`` charts many a slice at a time.

All run the same pipeline over long arrays: prepare -> limits -> rules -> display clamp ->
summary. ``spc`` runs it on one series and builds the typed ``SeriesResult`` straight from the
arrays; ``spc_batch`` checks and sorts the whole table, then runs the rest of the pipeline on
chunks of whole series (CHUNK_POINTS points each) and returns polars frames, which
``series_results`` turns into typed results.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from kaizen_spc._arrays import Floats, Ints, Limits, Prepared
from kaizen_spc._numeric import broadcast, segment_ids
from kaizen_spc._prepare import SortedRows
from kaizen_spc.limits import compute_limits
from kaizen_spc.rules import Signals, describe, evaluate, reason_codes
from kaizen_spc.summary import SUMMARY_SCHEMA, SummaryTable, summarise
from kaizen_spc.types import (
    POINT_TYPES,
    RATIO_CHARTS,
    SUBGROUP_CHARTS,
    ChartType,
    Point,
    SeriesResult,
    SPCOptions,
    Summary,
)

# Compact types for what has few values: a million series of 60 points are 60 million rows.
POINT_TYPE = pl.Enum(POINT_TYPES)

POINT_SCHEMA = pl.Schema(
    {
        "series": pl.String(),
        "period": pl.Int64(),
        "value": pl.Float64(),
        "denominator": pl.Float64(),
        "segment": pl.Int32(),
        "baseline": pl.Boolean(),
        "included": pl.Boolean(),
        "centre": pl.Float64(),
        "lower": pl.Float64(),
        "upper": pl.Float64(),
        "lower_2s": pl.Float64(),
        "upper_2s": pl.Float64(),
        "outside_limits": pl.Boolean(),
        "shift": pl.Boolean(),
        "trend": pl.Boolean(),
        "two_in_three": pl.Boolean(),
        "special_cause": pl.Boolean(),
        "point_type": POINT_TYPE,
    }
)


@dataclass(frozen=True, eq=False)
class BatchResult:
    """Every point of every series, and one summary line per series.

    ``points`` has the columns of POINT_SCHEMA (series then period order; ``period`` is
    ``pl.Date`` for dates); ``summary`` those of ``summary.SUMMARY_SCHEMA``. ``reasons`` says
    why each point of ``points`` is special (``rules.describe`` codes); a result put together
    from frames alone has none, and its points then carry no reason text.
    """

    points: pl.DataFrame
    summary: pl.DataFrame
    reasons: pl.Series | None = None

    def series_results(self) -> list[SeriesResult]:
        """One typed result per series, in series order."""
        return series_results(self)


def spc(
    periods: Sequence[dt.date] | Sequence[int] | NDArray[Any] | pl.Series,
    values: Sequence[float | None] | NDArray[Any] | pl.Series,
    denominators: Sequence[float | None] | NDArray[Any] | pl.Series | None = None,
    *,
    options: SPCOptions | None = None,
    series: str = "",
    **overrides: Any,
) -> SeriesResult:
    """Chart one series. ``overrides`` are SPCOptions fields (``chart="p"``, ``target=0.9``).

    >>> result = spc(range(1, 9), [5, 6, 5, 7, 6, 5, 6, 12])
    >>> result.summary.centre, round(result.summary.upper, 3), result.summary.variation_icon
    (6.5, 11.44, 'improvement_high')
    >>> result.points[-1].reason
    'Above the upper limit'

    A series with no data yet has no points and no limits, and says so:

    >>> empty = spc([], [])
    >>> empty.points, empty.summary.n, empty.summary.centre, empty.summary.warnings
    ((), 0, None, ('No data yet.',))
    """
    options = _options(options, overrides)
    if len(periods) == 0 and len(values) == 0:
        return _no_data(series, options)
    rows = _single_series_rows(periods, values, denominators, options)
    chart = _chart(rows.prepare(slice(0, len(rows.value)), options), options)
    # Points straight from the arrays: no points frame to build and take apart again.
    return SeriesResult(summary=chart.summary.summary(0, series), points=tuple(_points_of(chart)))


def spc_batch(
    frame: Any,
    /,
    *,
    period: str = "period",
    value: str = "value",
    denominator: str | None = None,
    series: str | None = "series",
    options: SPCOptions | None = None,
    **overrides: Any,
) -> BatchResult:
    """Chart every series of a polars or pandas frame in one pass.

    >>> frame = pl.DataFrame({
    ...     "series": ["a"] * 4 + ["b"] * 4,
    ...     "period": [1, 2, 3, 4] * 2,
    ...     "value": [1.0, 2.0, 1.0, 2.0, 5.0, 5.0, 6.0, 5.0],
    ... })
    >>> batch = spc_batch(frame)
    >>> batch.summary.select("series", "n", "centre").rows()
    [('a', 4, 1.5), ('b', 4, 5.25)]
    >>> batch.points.columns[:5]
    ['series', 'period', 'value', 'denominator', 'segment']
    """
    options = _options(options, overrides)
    table = _as_polars(frame, period)
    rows = SortedRows.of(
        table, period=period, value=value, denominator=denominator, series=series, options=options
    )
    if len(rows.value) == 0:
        return _empty(table.schema.get(period) == pl.Date)
    return _charted(rows, rows.chunks(CHUNK_POINTS), options)


def spc_batches(
    frame: Any,
    /,
    *,
    chunk_series: int = 100_000,
    period: str = "period",
    value: str = "value",
    denominator: str | None = None,
    series: str | None = "series",
    options: SPCOptions | None = None,
    with_points: bool = True,
    **overrides: Any,
) -> Iterator[BatchResult]:
    """``spc_batch`` a slice at a time: one result per ``chunk_series`` series, in order.

    For tables whose results would not fit in memory at once: each result can be written
    out (or summarised) and dropped before the next is computed. The results, concatenated,
    are exactly ``spc_batch``'s. The whole table is checked first, so bad input raises
    SPCInputError before the first result; a table with no rows gives no results.
    ``with_points=False``: only the summaries are wanted, so no points frame is built (each
    result's ``points`` is empty, with no ``reasons``), a fifth of the time saved.

    >>> frame = pl.DataFrame({
    ...     "series": ["a", "a", "b", "b", "c"],
    ...     "period": [1, 2, 1, 2, 1],
    ...     "value": [1.0, 2.0, 5.0, 6.0, 9.0],
    ... })
    >>> [batch.summary["series"].to_list() for batch in spc_batches(frame, chunk_series=2)]
    [['a', 'b'], ['c']]
    """
    if chunk_series < 1:
        raise ValueError("chunk_series must be at least 1")
    options = _options(options, overrides)
    rows = SortedRows.of(
        _as_polars(frame, period),
        period=period,
        value=value,
        denominator=denominator,
        series=series,
        options=options,
    )
    for part in rows.series_chunks(chunk_series):
        yield _charted(rows, rows.chunks(CHUNK_POINTS, part), options, with_points=with_points)


# The engine charts whole series about this many points at a time: its temporaries then stay
# in the processor's cache and are reused, so the time per point does not grow with the table.
CHUNK_POINTS = 1 << 18


@dataclass(frozen=True)
class _Chart:
    prepared: Prepared
    shown: Limits
    signals: Signals
    summary: SummaryTable
    chart: ChartType

    def batch(self, *, with_points: bool = True) -> BatchResult:
        if not with_points:
            return BatchResult(
                points=_no_points(self.prepared.period_is_date), summary=self.summary.frame()
            )
        return BatchResult(
            points=_points(self.prepared, self.shown, self.signals, self.chart),
            summary=self.summary.frame(),
            reasons=pl.Series("reason", reason_codes(self.signals)),
        )


def _chart(prepared: Prepared, options: SPCOptions) -> _Chart:
    """The pipeline after preparation: limits -> rules -> display clamp -> summary."""
    limits = compute_limits(prepared, options)
    signals = evaluate(prepared, limits, options)
    shown = _shown(prepared, limits, options)
    summary = summarise(prepared, limits, shown, signals, options)
    return _Chart(prepared, shown, signals, summary, options.chart)


def _charted(
    rows: SortedRows, chunks: list[slice], options: SPCOptions, *, with_points: bool = True
) -> BatchResult:
    """The charts of ``chunks`` of ``rows``, one chunk at a time, as one result."""
    parts = [
        _chart(rows.prepare(chunk, options), options).batch(with_points=with_points)
        for chunk in chunks
    ]
    if len(parts) == 1:
        return parts[0]
    reasons = [part.reasons for part in parts if part.reasons is not None]
    # Without rechunking: the parts' columns are kept as they are, not copied into one.
    return BatchResult(
        points=pl.concat([part.points for part in parts], rechunk=False),
        summary=pl.concat([part.summary for part in parts], rechunk=False),
        reasons=pl.concat(reasons) if reasons else None,
    )


def _single_series_rows(
    periods: Sequence[dt.date] | Sequence[int] | NDArray[Any] | pl.Series,
    values: Sequence[float | None] | NDArray[Any] | pl.Series,
    denominators: Sequence[float | None] | NDArray[Any] | pl.Series | None,
    options: SPCOptions,
) -> SortedRows:
    arrays = _sorted_arrays(periods, values, denominators)
    if arrays is not None:
        # The usual call (a measure's data, read in period order) needs no frame at all.
        period_is_date, days, numbers, counts = arrays
        return SortedRows.of_arrays(
            period_is_date=period_is_date,
            period=days,
            value=numbers,
            denominator=counts,
            options=options,
        )
    columns = [
        pl.Series("period", periods),
        pl.Series("value", values, dtype=pl.Float64, strict=False),
    ]
    if denominators is not None:
        columns.append(pl.Series("denominator", denominators, dtype=pl.Float64, strict=False))
    return SortedRows.of(
        _as_polars(pl.DataFrame(columns), "period"),
        period="period",
        value="value",
        denominator="denominator" if denominators is not None else None,
        series=None,
        options=options,
    )


_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def _sorted_arrays(
    periods: Sequence[dt.date] | Sequence[int] | NDArray[Any] | pl.Series,
    values: Sequence[float | None] | NDArray[Any] | pl.Series,
    denominators: Sequence[float | None] | NDArray[Any] | pl.Series | None,
) -> tuple[bool, Ints, Floats, Floats | None] | None:
    """Plain dates or integers in period order, and numbers, as arrays (None: anything else,
    which the general path through a polars frame reads or rejects)."""
    days = _day_numbers(periods)
    if days is None:
        return None
    period_is_date, period = days
    try:
        numbers = _float_array(values)
        counts = _float_array(denominators) if denominators is not None else None
    except (TypeError, ValueError):
        return None
    lengths = {len(period), len(numbers), len(numbers if counts is None else counts)}
    if len(lengths) > 1 or not np.all(period[1:] >= period[:-1]):
        return None
    return period_is_date, period, numbers, counts


def _day_numbers(
    periods: Sequence[dt.date] | Sequence[int] | NDArray[Any] | pl.Series,
) -> tuple[bool, Ints] | None:
    """Periods as (dates?, days since 1970 or the integers), for the plain kinds of input."""
    if isinstance(periods, pl.Series):
        plain = periods.dtype == pl.Date or (
            periods.dtype.is_integer() and periods.dtype != pl.UInt64
        )
        if not plain or periods.has_nulls():
            return None
        return periods.dtype == pl.Date, periods.to_physical().to_numpy().astype(np.int64)
    if isinstance(periods, np.ndarray):
        if periods.dtype.kind in "iu" and periods.dtype != np.uint64:
            return False, periods.astype(np.int64)
        if periods.dtype == np.dtype("datetime64[D]"):
            return True, periods.astype(np.int64)
        return None
    kinds = {type(period) for period in periods}
    if kinds == {dt.date}:
        ordinals = [period.toordinal() for period in periods]  # type: ignore[union-attr]
        return True, np.array(ordinals, dtype=np.int64) - _EPOCH_ORDINAL
    if kinds == {int}:
        try:
            return False, np.array(periods, dtype=np.int64)
        except OverflowError:
            return None
    return None


def _float_array(numbers: Sequence[float | None] | NDArray[Any] | pl.Series) -> Floats:
    if isinstance(numbers, pl.Series):
        return numbers.cast(pl.Float64, strict=False).to_numpy()
    return np.asarray(numbers, dtype=np.float64)


def _options(options: SPCOptions | None, overrides: dict[str, Any]) -> SPCOptions:
    chosen = options or SPCOptions()
    return dataclasses.replace(chosen, **overrides) if overrides else chosen


def _as_polars(frame: Any, period: str) -> pl.DataFrame:
    table = frame if isinstance(frame, pl.DataFrame) else pl.from_pandas(frame)
    # pandas and numpy keep dates as datetimes at midnight; the engine takes dates.
    if isinstance(table.schema.get(period), pl.Datetime):
        table = table.with_columns(pl.col(period).dt.date())
    return table


def _shown(prepared: Prepared, limits: Limits, options: SPCOptions) -> Limits:
    """Limits as displayed: with ``allow_negative`` off, a series whose values are all >= 0
    shows negative lower limits as 0 (qicharts2's ``y.neg = FALSE``), after the signals."""
    if options.allow_negative:
        return limits
    offsets = prepared.series_offsets
    lowest = np.fmin.reduceat(limits.y, offsets[:-1])
    non_negative = broadcast(~(lowest < 0), offsets)

    def clamp(lower: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.where(non_negative & (lower < 0), 0.0, lower)

    return dataclasses.replace(limits, lower=clamp(limits.lower), lower_2s=clamp(limits.lower_2s))


def _points(prepared: Prepared, shown: Limits, signals: Signals, chart: ChartType) -> pl.DataFrame:
    series_offsets = prepared.series_offsets
    segment_offsets = prepared.segment_offsets
    first_segment = np.searchsorted(segment_offsets, series_offsets[:-1])
    segment = segment_ids(segment_offsets) - broadcast(first_segment, series_offsets)
    names = pl.Series(prepared.series_names, dtype=pl.String)
    period = pl.Series(prepared.period)
    size = len(prepared.period)
    has_denominator = chart in RATIO_CHARTS or chart in SUBGROUP_CHARTS
    columns = {
        "series": names.gather(segment_ids(series_offsets)),
        "period": period.cast(pl.Date) if prepared.period_is_date else period,
        "value": pl.Series(shown.y, nan_to_null=True),
        # Other charts have none: a column of nulls costs no memory until it is written to.
        "denominator": pl.Series(prepared.denominator, nan_to_null=True)
        if has_denominator
        else pl.repeat(None, size, dtype=pl.Float64, eager=True),
        "segment": segment.astype(np.int32),
        "baseline": prepared.baseline,
        "included": prepared.included,
        "centre": pl.Series(shown.centre, nan_to_null=True),
        "lower": pl.Series(shown.lower, nan_to_null=True),
        "upper": pl.Series(shown.upper, nan_to_null=True),
        "lower_2s": pl.Series(shown.lower_2s, nan_to_null=True),
        "upper_2s": pl.Series(shown.upper_2s, nan_to_null=True),
        "outside_limits": signals.outside_limits,
        "shift": signals.shift,
        "trend": signals.trend,
        "two_in_three": signals.two_in_three,
        "special_cause": signals.special_cause,
        "point_type": _POINT_TYPE_VALUES.gather(signals.point_type),
    }
    return pl.DataFrame(columns)


_POINT_TYPE_VALUES = pl.Series(POINT_TYPES, dtype=POINT_TYPE)


def _no_points(period_is_date: bool) -> pl.DataFrame:
    return pl.DataFrame(schema={**POINT_SCHEMA, "period": pl.Date if period_is_date else pl.Int64})


def _empty(period_is_date: bool) -> BatchResult:
    period_type = pl.Date if period_is_date else pl.Int64
    return BatchResult(
        points=_no_points(period_is_date),
        summary=pl.DataFrame(schema={**SUMMARY_SCHEMA, "suggested_rebase": period_type}),
        reasons=pl.Series("reason", [], dtype=pl.Int32),
    )


def _no_data(series: str, options: SPCOptions) -> SeriesResult:
    """The chart of a series with no data yet: no points, no limits, no signals."""
    summary = Summary(
        series=series,
        chart=options.chart,
        rules=options.rule_set,
        n=0,
        n_useful=0,
        centre=None,
        lower=None,
        upper=None,
        variation_icon="common_cause",
        assurance_icon="",
        longest_run=None,
        longest_run_max=None,
        crossings=None,
        crossings_min=None,
        runs_signal=False,
        short_group_warning=False,
        warnings=(NO_DATA,),
    )
    return SeriesResult(summary=summary)


NO_DATA = "No data yet."


def _points_of(chart: _Chart) -> list[Point]:
    """The typed points of a one-series chart."""
    prepared, shown, signals = chart.prepared, chart.shown, chart.signals
    periods = (
        prepared.period.astype("datetime64[D]").tolist()
        if prepared.period_is_date
        else prepared.period.tolist()
    )
    segment = np.searchsorted(prepared.segment_offsets, np.arange(len(periods)), side="right") - 1
    columns = (
        periods,
        _numbers(shown.y),
        _numbers(prepared.denominator),
        segment.tolist(),
        prepared.baseline.tolist(),
        prepared.included.tolist(),
        _numbers(shown.centre),
        _numbers(shown.lower),
        _numbers(shown.upper),
        _numbers(shown.lower_2s),
        _numbers(shown.upper_2s),
        signals.outside_limits.tolist(),
        signals.shift.tolist(),
        signals.trend.tolist(),
        signals.two_in_three.tolist(),
        signals.special_cause.tolist(),
        [POINT_TYPES[code] for code in signals.point_type.tolist()],
        [describe(code) if code else "" for code in reason_codes(signals).tolist()],
    )
    return list(map(Point._make, zip(*columns, strict=True)))


def _numbers(values: NDArray[np.float64]) -> list[float | None]:
    return [None if number != number else number for number in values.tolist()]


def series_results(batch: BatchResult) -> list[SeriesResult]:
    """One typed result per series of ``batch``, in series order.

    >>> frame = pl.DataFrame({"series": ["a", "a", "b"], "period": [1, 2, 1], "value": [1, 2, 3]})
    >>> [(result.summary.series, len(result.points)) for result in series_results(spc_batch(frame))]
    [('a', 2), ('b', 1)]
    """
    columns = batch.points.select(_POINT_FIELDS).to_dict(as_series=False)
    codes = batch.reasons.to_list() if batch.reasons is not None else [0] * len(batch.points)
    columns["reason"] = [describe(code) for code in codes]
    points = list(map(Point._make, zip(*columns.values(), strict=True)))
    lengths = (
        batch.points["series"].rle().struct.field("len").to_list() if len(batch.points) else []
    )
    results = []
    start = 0
    for summary, length in zip(batch.summary.iter_rows(named=True), lengths, strict=True):
        results.append(
            SeriesResult(summary=_summary_of(summary), points=tuple(points[start : start + length]))
        )
        start += length
    return results


_POINT_FIELDS = [name for name in Point._fields if name != "reason"]


def _summary_of(row: dict[str, Any]) -> Summary:
    return Summary(**{**row, "warnings": tuple(row["warnings"])})
