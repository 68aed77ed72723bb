"""From a typed table of observations to the long arrays the limits are computed on.

Validates the input, sorts it by series then period, turns repeated periods into subgroups (as
qicharts2 does, SPC.md §2.1), cuts each series into segments at the rebase periods and marks the
baseline, excluded and astronomical points. Everything is done over all series at once.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray

from kaizen_spc._arrays import Bools, Floats, Ints, Prepared
from kaizen_spc._numeric import (
    lag,
    offsets_from_starts,
    position_in_segment,
    segment_count,
    segment_first,
    segment_ids,
    segment_mean,
    segment_median,
    segment_sd,
    segment_starts,
    segment_sum,
)
from kaizen_spc.errors import SPCInputError
from kaizen_spc.types import RATIO_CHARTS, SUBGROUP_CHARTS, Period, SPCOptions

_EPOCH = dt.date(1970, 1, 1)


def prepare(
    frame: pl.DataFrame,
    *,
    period: str = "period",
    value: str = "value",
    denominator: str | None = None,
    series: str | None = None,
    options: SPCOptions,
) -> Prepared:
    """Validate, sort, aggregate and segment ``frame`` for ``options.chart``.

    ``period`` is a ``pl.Date`` or integer column; ``value`` and ``denominator`` are numbers
    (null or NaN = missing, which keeps its slot); ``series`` names the series (one series
    named "" when None). Raises SPCInputError naming the first bad row (0-based, input order).

    >>> frame = pl.DataFrame({"period": [3, 1, 2, 4], "value": [5.0, 1.0, None, 7.0]})
    >>> prepared = prepare(frame, options=SPCOptions(rebase=(3,), exclude=(4,)))
    >>> prepared.period.tolist(), prepared.value.tolist()
    ([1, 2, 3, 4], [1.0, nan, 5.0, 7.0])
    >>> prepared.segment_offsets.tolist(), prepared.included.tolist()
    ([0, 2, 4], [True, True, True, False])
    """
    rows = SortedRows.of(
        frame, period=period, value=value, denominator=denominator, series=series, options=options
    )
    return rows.prepare(slice(0, len(rows.value)), options)


@dataclass(frozen=True)
class SortedRows:
    """Every row of the input, checked and sorted by series then period.

    Everything that can be wrong with the data is found here, over all rows at once, so the
    error is the same however the rows are later cut into chunks; ``prepare`` then turns any
    run of whole series into the arrays the limits are computed on.
    """

    period_is_date: bool
    # Days since 1970-01-01 or the integer periods, in the input's integer width.
    period: NDArray[np.integer[Any]]
    value: Floats
    denominator: Floats | None
    # The series column, sorted (None: one series).
    names: pl.Series | None
    new_series: Bools
    # The row repeats the period of the row before it, in the same series.
    same_period: Bools

    @classmethod
    def of(
        cls,
        frame: pl.DataFrame,
        *,
        period: str,
        value: str,
        denominator: str | None,
        series: str | None,
        options: SPCOptions,
    ) -> SortedRows:
        _check_options(options, has_denominator=denominator is not None)
        period_is_date = _check_period_dtype(frame, period)
        rows, row, new_series = _sorted_rows(frame, period, value, denominator, series)
        return cls.checked(
            period_is_date=period_is_date,
            period=rows["period"].to_physical().to_numpy(),
            value=_floats(rows["value"]),
            denominator=_floats(rows["denominator"]) if denominator is not None else None,
            names=rows["series"] if series is not None else None,
            new_series=new_series,
            row=row,
            columns=(period, value, denominator),
            options=options,
        )

    @classmethod
    def of_arrays(
        cls,
        *,
        period_is_date: bool,
        period: Ints,
        value: Floats,
        denominator: Floats | None,
        options: SPCOptions,
    ) -> SortedRows:
        """One series given as arrays already in period order."""
        _check_options(options, has_denominator=denominator is not None)
        return cls.checked(
            period_is_date=period_is_date,
            period=period,
            value=value,
            denominator=denominator,
            names=None,
            new_series=_first_only(len(value)),
            row=None,
            columns=("period", "value", "denominator"),
            options=options,
        )

    @classmethod
    def checked(
        cls,
        *,
        period_is_date: bool,
        period: NDArray[np.integer[Any]],
        value: Floats,
        denominator: Floats | None,
        names: pl.Series | None,
        new_series: Bools,
        row: Ints | None,
        columns: tuple[str, str, str | None],
        options: SPCOptions,
    ) -> SortedRows:
        """Rows already in order (``row``: the input row of each, None when unchanged)."""
        period_column, value_column, denominator_column = columns
        _validate(row, value, value_column, options)
        if denominator is not None and denominator_column is not None:
            _validate_denominators(
                row, value, denominator, (value_column, denominator_column), options
            )
        same_period = np.zeros(len(period), dtype=np.bool_)
        np.equal(period[1:], period[:-1], out=same_period[1:])
        same_period[1:] &= ~new_series[1:]
        if options.rule_set == "mdc" and same_period.any():
            at = int(np.flatnonzero(same_period)[0])
            name = _series_names(names[at : at + 1], _first_only(1))[0] if names is not None else ""
            where = f" in series {name!r}" if name else ""
            raise SPCInputError(
                f"period {_period_text(int(period[at]), period_is_date)} appears more than "
                f"once{where}; the mdc rules need one value per period",
                row=_input_row(row, same_period),
                column=period_column,
            )
        return cls(period_is_date, period, value, denominator, names, new_series, same_period)

    def chunks(self, points: int, rows: slice | None = None) -> list[slice]:
        """Runs of whole series of about ``points`` rows each (a longer series is one run),
        covering ``rows`` (every row by default), which must start and end with a series."""
        low, high = (0, len(self.value)) if rows is None else (rows.start, rows.stop)
        starts = np.flatnonzero(self.new_series[low:high]) + low
        # Each cut is the first series start at or after a multiple of ``points``.
        targets = np.arange(low + points, high, points)
        cuts = np.append(starts, high)[np.searchsorted(starts, targets)]
        bounds = np.unique(np.concatenate(([low], cuts, [high]))).tolist()
        return [slice(start, stop) for start, stop in itertools.pairwise(bounds)]

    def series_chunks(self, series: int) -> list[slice]:
        """Runs of ``series`` whole series each (the last may have fewer)."""
        starts = np.flatnonzero(self.new_series)
        bounds = [*starts[::series].tolist(), len(self.value)]
        return [slice(start, stop) for start, stop in itertools.pairwise(bounds)]

    def prepare(self, rows: slice, options: SPCOptions) -> Prepared:
        """The arrays of ``rows``, which start at a series start and end at a series end."""
        period_is_date = self.period_is_date
        periods = self.period[rows].astype(np.int64, copy=False)
        values = self.value[rows]
        denominators = self.denominator[rows] if self.denominator is not None else None
        new_series = self.new_series[rows]
        same_period = self.same_period[rows]
        series_names = (
            _series_names(self.names[rows], new_series)
            if self.names is not None
            else ("",) * bool(len(values))
        )
        subgroups = _Subgroups.of(
            values,
            denominators if denominators is not None else _nans(len(values)),
            ~same_period,
            options,
        )
        if same_period.any():
            periods = periods[~same_period]
            new_series = new_series[~same_period]
        series_offsets = offsets_from_starts(new_series)

        starts, warnings = _segments(
            periods, series_offsets, _as_days(options.rebase, period_is_date), period_is_date
        )
        segment_offsets = offsets_from_starts(starts)
        baseline = (
            position_in_segment(segment_offsets) < options.baseline
            if options.baseline is not None
            else np.ones(len(periods), dtype=np.bool_)
        )
        return Prepared(
            series_names=series_names,
            series_offsets=series_offsets,
            segment_offsets=segment_offsets,
            period=periods,
            period_is_date=period_is_date,
            value=subgroups.value,
            denominator=subgroups.denominator,
            numerator=subgroups.numerator,
            subgroup_sd=subgroups.sd,
            baseline=baseline,
            included=~_is_in(periods, options.exclude, period_is_date),
            astronomical=_is_in(periods, options.astronomical, period_is_date),
            warnings=warnings,
        )


def _check_options(options: SPCOptions, *, has_denominator: bool) -> None:
    if options.chart in RATIO_CHARTS and not has_denominator:
        raise SPCInputError(f"a {options.chart} chart needs a denominator", column="denominator")
    if options.baseline is not None and options.baseline < 1:
        raise SPCInputError("the baseline must have at least one point")


def _floats(column: pl.Series) -> Floats:
    return column.to_numpy().astype(np.float64, copy=False)


def _is_in(periods: Ints, chosen: tuple[Period, ...], period_is_date: bool) -> Bools:
    if not chosen:
        return np.zeros(len(periods), dtype=np.bool_)
    return np.isin(periods, _as_days(chosen, period_is_date))


def _check_period_dtype(frame: pl.DataFrame, period: str) -> bool:
    dtype = frame.schema.get(period)
    if dtype is None:
        raise SPCInputError("there is no such column", column=period)
    if dtype == pl.Date:
        return True
    if dtype.is_integer():
        return False
    raise SPCInputError(f"periods must be dates or whole numbers, not {dtype}", column=period)


# Integer periods kept in their own width (cast per chunk, not for the whole table at once);
# UInt64 is cast at once so that a period beyond Int64 fails as it always did.
_NARROW_PERIODS = (pl.Date, pl.Int8, pl.Int16, pl.Int32, pl.Int64, pl.UInt8, pl.UInt16, pl.UInt32)


def _sorted_rows(
    frame: pl.DataFrame, period: str, value: str, denominator: str | None, series: str | None
) -> tuple[pl.DataFrame, Ints | None, Bools]:
    """The columns sorted, the input row of each sorted row (None: already in order), and
    where each series starts."""
    # Sorting on the series' own dtype (then period, then input row) makes the result
    # independent of the input order, as both references sort before computing.
    period_dtype = frame.schema[period]
    columns = [
        pl.col(period).alias("period")
        if period_dtype in _NARROW_PERIODS
        else pl.col(period).cast(pl.Int64).alias("period"),
        pl.col(value).cast(pl.Float64).alias("value"),
    ]
    if denominator is not None:
        columns.append(pl.col(denominator).cast(pl.Float64).alias("denominator"))
    if series is not None:
        columns.append(pl.col(series).alias("series"))
    rows = frame.select(columns)
    missing_period = rows["period"].is_null()
    if missing_period.any():
        at = int(missing_period.arg_true()[0])
        raise SPCInputError("the period is missing", row=at, column=period)
    new_series = _series_starts(rows["series"]) if series is not None else _first_only(len(rows))
    if _is_sorted(rows, new_series):
        return rows, None, new_series
    if series is None or rows.schema["series"] != pl.String:
        keys = ["series", "period", "row"] if series is not None else ["period", "row"]
        numbered = rows.with_columns(pl.int_range(pl.len(), dtype=pl.Int64).alias("row"))
        numbered = numbered.sort(keys, nulls_last=True)
        order, ordered = numbered["row"].to_numpy(), numbered.drop("row")
    else:
        order = _string_series_order(rows)
        ordered = rows[order]
    new_series = _series_starts(ordered["series"]) if series is not None else new_series
    return ordered, order, new_series


def _string_series_order(rows: pl.DataFrame) -> Ints:
    # Sorting millions of strings is slow; sorting the distinct names and then integer codes is
    # not. Codes follow the names' sorted order, a missing name sorts last, ties keep input order.
    names = rows["series"].drop_nulls().unique().sort()
    code = (
        rows["series"].cast(pl.Enum(names)).to_physical().fill_null(len(names)).to_numpy()
    ).astype(np.int64)
    periods = rows["period"].to_physical().to_numpy().astype(np.int64)
    first, span = int(periods.min()), int(periods.max()) - int(periods.min()) + 1
    if (len(names) + 1) * span < 2**62:
        return np.argsort(code * span + (periods - first), kind="stable")
    return np.lexsort((periods, code))


def _is_sorted(rows: pl.DataFrame, new_series: Bools) -> bool:
    # Most input arrives sorted (exports, database queries): checking is much cheaper than sorting.
    periods = rows["period"].to_physical().to_numpy()
    # The series are in order when the first name of each run of equal names is.
    first_names = rows["series"].filter(pl.Series(new_series)) if "series" in rows else None
    if first_names is not None and not first_names.is_sorted(nulls_last=True):
        return False
    return not np.any((periods[1:] < periods[:-1]) & ~new_series[1:])


def _input_row(row: Ints | None, bad: Bools) -> int:
    """The earliest input row among the ``bad`` sorted rows."""
    return int(np.flatnonzero(bad)[0]) if row is None else int(row[bad].min())


def _validate(row: Ints | None, values: Floats, value: str, options: SPCOptions) -> None:
    checks = [(np.isinf(values), value, "the value is not a finite number")]
    if options.chart == "t":
        checks.append((values <= 0, value, "time between events must be greater than zero"))
    _raise_first(row, checks)


def _validate_denominators(
    row: Ints | None,
    values: Floats,
    denominators: Floats,
    columns: tuple[str, str],
    options: SPCOptions,
) -> None:
    chart = options.chart
    value, denominator = columns
    checks = [
        (np.isinf(denominators), denominator, "the denominator is not a finite number"),
        (denominators < 0, denominator, "the denominator is negative"),
    ]
    if chart in ("p", "pp"):
        checks.append((values > denominators, value, "the numerator is above the denominator"))
    if chart in ("u", "up"):
        checks.append(
            (
                (values != 0) & (denominators == 0),
                denominator,
                "a count needs a denominator above 0",
            )
        )
    _raise_first(row, checks)


def _raise_first(row: Ints | None, checks: list[tuple[Bools, str, str]]) -> None:
    for bad, column, message in checks:
        if bad.any():
            # Report the earliest bad row of the input, not of the sorted arrays.
            raise SPCInputError(message, row=_input_row(row, bad), column=column)


def _first_only(size: int) -> Bools:
    starts = np.zeros(size, dtype=np.bool_)
    starts[:1] = True
    return starts


def _series_starts(names: pl.Series) -> Bools:
    starts = np.ones(len(names), dtype=np.bool_)
    if len(names) > 1:
        # Each name against the one before, through two views of the column: shifting it
        # would copy it (16 bytes a row).
        starts[1:] = names.slice(1).ne_missing(names.slice(0, len(names) - 1)).to_numpy()
    return starts


def _series_names(names: pl.Series, new_series: Bools) -> tuple[str, ...]:
    firsts = names.filter(pl.Series(new_series)).cast(pl.String).fill_null("")
    return tuple(firsts.to_list())


class _Subgroups:
    """One value (and denominator, standard deviation) per plotted point."""

    def __init__(
        self, value: Floats, denominator: Floats, sd: Floats, numerator: Floats | None = None
    ):
        self.value = value
        self.denominator = denominator
        self.sd = sd
        self.numerator = _nans(len(value)) if numerator is None else numerator

    @classmethod
    def of(
        cls, values: Floats, denominators: Floats, new_subgroup: Bools, options: SPCOptions
    ) -> _Subgroups:
        chart = options.chart
        if chart in RATIO_CHARTS:
            # qicharts2 blanks both parts of an incomplete row, then sums what is left.
            complete = ~np.isnan(values) & ~np.isnan(denominators)
            if new_subgroup.all():
                numerator = np.where(complete, values, 0.0)
                summed = np.where(complete, denominators, 0.0)
            else:
                offsets = offsets_from_starts(new_subgroup)
                numerator = segment_sum(values, offsets, where=complete)
                summed = segment_sum(denominators, offsets, where=complete)
            with np.errstate(invalid="ignore", divide="ignore"):
                return cls(numerator / summed, summed, _nans(len(summed)), numerator)
        if new_subgroup.all():
            return cls._single_rows(values, options)
        offsets = offsets_from_starts(new_subgroup)
        if chart in SUBGROUP_CHARTS:
            usable = ~np.isnan(values)
            return cls(
                segment_mean(values, offsets),
                segment_count(usable, offsets).astype(np.float64),
                segment_sd(values, offsets),
            )
        if chart == "c":
            # A single missing count stays missing; several rows are summed ignoring missing ones
            # (qicharts2's fix for a C chart turning NA into 0).
            total = segment_sum(values, offsets)
            single = np.diff(offsets) == 1
            total[single] = segment_first(values, offsets)[single]
            return cls(total, _nans(len(total)), _nans(len(total)))
        aggregate = segment_median if options.aggregate == "median" else segment_mean
        centre = aggregate(values, offsets)
        return cls(centre, _nans(len(centre)), _nans(len(centre)))

    @classmethod
    def _single_rows(cls, values: Floats, options: SPCOptions) -> _Subgroups:
        if options.chart in SUBGROUP_CHARTS:
            return cls(values, (~np.isnan(values)).astype(np.float64), _nans(len(values)))
        return cls(values, _nans(len(values)), _nans(len(values)))


def _nans(size: int) -> Floats:
    # A read-only view of one NaN: charts without denominators cost no memory for them.
    return np.broadcast_to(np.float64(np.nan), (size,))


def _as_days(periods: tuple[Period, ...], period_is_date: bool) -> Ints:
    days = []
    for period in periods:
        if isinstance(period, dt.date) != period_is_date:
            kind = "dates" if period_is_date else "whole numbers"
            raise SPCInputError(f"{period} is not like the periods of the data, which are {kind}")
        days.append((period - _EPOCH).days if isinstance(period, dt.date) else int(period))
    return np.array(days, dtype=np.int64)


def _period_text(period: int, period_is_date: bool) -> str:
    return (_EPOCH + dt.timedelta(days=period)).isoformat() if period_is_date else str(period)


def _segments(
    periods: Ints, series_offsets: Ints, rebases: Ints, period_is_date: bool
) -> tuple[Bools, tuple[tuple[str, ...], ...]]:
    """Segment starts (every series start, plus the first period on or after each rebase)."""
    series_starts = segment_starts(series_offsets)
    series_count = len(series_offsets) - 1
    if not len(rebases):
        return series_starts, ((),) * series_count
    starts = series_starts.copy()
    notes: list[list[str]] = [[] for _ in range(series_count)]
    ids = segment_ids(series_offsets)
    for rebase in np.unique(rebases):
        reached = periods >= rebase
        # Periods are sorted within a series, so this is the first period on or after the rebase.
        first = reached & ~lag(reached, series_offsets, False)
        starts |= first
        text = _period_text(int(rebase), period_is_date)
        for at in np.flatnonzero(first & (periods != rebase) & ~series_starts):
            moved_to = _period_text(int(periods[at]), period_is_date)
            notes[ids[at]].append(
                f"rebase {text} is not one of the periods: the new segment starts at {moved_to}"
            )
        for at in np.flatnonzero(first & (periods != rebase) & series_starts):
            notes[ids[at]].append(f"rebase {text} is before the first period and was ignored")
        after_last = segment_count(reached, series_offsets) == 0
        for series in np.flatnonzero(after_last):
            notes[series].append(f"rebase {text} is after the last period and was ignored")
    return starts, tuple(tuple(note) for note in notes)
