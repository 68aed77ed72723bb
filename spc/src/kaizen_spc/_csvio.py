"""CSV in for the command line: parse and validate a long table.

A clean file is read straight into typed columns. Anything unusual sends it through the text
reader, which reads every column as text and converts whole columns at once, so a bad cell is
found without a Python loop over the rows; messages name the CSV line and the column, as a
user looking at the file in an editor would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import polars as pl

from kaizen_spc._arrays import Ints
from kaizen_spc._csvsource import (
    InputError,
    detect_separator,
    header_names,
    read_bytes,
    read_head,
    read_text_columns,
    separator_name,
    utf8_copy,
)
from kaizen_spc.types import RATIO_CHARTS, ChartType, Period

PeriodKind = Literal["date", "integer"]

# Between the values of several series columns in the series key.
SERIES_KEY_SEPARATOR = " / "
# Larger numbers would overflow the sums of squares the limits need.
LARGEST_NUMBER = 1e100

# Enough to show a pattern (a whole column of text, say) without flooding the terminal.
MAX_REPORTED_PROBLEMS = 10

_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
_INTEGER = r"^[+-]?\d+$"
# At most this many blank lines at the end of a file are dropped from its typed read.
_TAIL_ROWS = 100
# Enough bytes for that many blank lines ending in CR LF, and the line break before them.
_TAIL_BYTES = 2 * _TAIL_ROWS + 2
_DECIMAL_COMMA = r"^[+-]?\d*,\d+$"


@dataclass(frozen=True)
class Columns:
    """Which CSV columns hold what; ``denominator`` and ``series`` are optional."""

    period: str = "period"
    value: str = "value"
    denominator: str | None = None
    # The frame's series column; the CSV columns it is made of.
    series: str | None = None
    series_parts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    """A parsed CSV: typed columns in input order, and what it takes to name a row's line."""

    # period is Date or Int64, value and denominator Float64 (null = missing), series String.
    frame: pl.DataFrame
    columns: Columns
    period_kind: PeriodKind
    # The input and its separator: the file is read again as text only to name a line.
    source: bytes | Path
    separator: str
    # The file as read, all text, blank lines included (None until a line must be named).
    raw: pl.DataFrame | None = None
    # Raw row of each frame row; None when no blank line was dropped (frame row = raw row).
    raw_rows: Ints | None = None

    def line(self, row: int) -> int:
        """The CSV line (1-based, header = 1) where frame row ``row`` starts."""
        return _line_of_raw_row(
            self.text(), int(self.raw_rows[row]) if self.raw_rows is not None else row
        )

    def text(self) -> pl.DataFrame:
        if self.raw is None:
            # Frozen, but this is a cache of what the source holds anyway.
            object.__setattr__(
                self, "raw", read_text_columns(read_bytes(self.source), self.separator)
            )
        assert self.raw is not None
        return self.raw


def read_table(
    data: bytes | Path,
    *,
    period: str = "period",
    value: str = "value",
    denominator: str | None = None,
    series: Sequence[str] | str | None = None,
    separator: str | None = None,
    chart: ChartType | None = None,
) -> Table:
    """Parse and validate a CSV. ``denominator``/``series`` None: use those columns if present.

    Several ``series`` columns make one key, their values joined by " / ". ``separator``
    None: detected from the header line. ``chart``: also refuse values that chart cannot take.

    >>> table = read_table(b"period,value\\n2024-01-01,3.5\\n2024-02-01,\\n")
    >>> table.period_kind, table.frame["value"].to_list()
    ('date', [3.5, None])
    >>> read_table(b"org;ind;period;value\\nA;x;1;2\\n", series=["org", "ind"]).frame.row(0)
    (1, 2.0, 'A / x')
    """
    head = read_head(data)
    if head.isspace() or not head:
        raise InputError(["the input is empty (expected a CSV with a header line)"])
    detected = detect_separator(head)
    names = header_names(head, separator or detected)
    if separator and len(names) == 1 and detected != separator:
        raise InputError(
            [
                f"line 1: the header has no {separator_name(separator)}; its columns seem to be "
                f"separated by {separator_name(detected)}s (leave out --separator to detect it)"
            ]
        )
    separator = separator or detected
    parts = (series,) if isinstance(series, str) else tuple(series or ())
    columns = _resolve_columns(
        names,
        period=period,
        value=value,
        denominator=denominator,
        series=parts,
    )
    typed = _read_typed(data, separator, columns, chart)
    if typed is None and isinstance(data, Path):
        # Perhaps a Windows-1252 file: read from a UTF-8 copy, not whole as text.
        with utf8_copy(data) as copy:
            typed = _read_typed(copy, separator, columns, chart) if copy else None
    if typed is not None:
        kind, frame = typed
        return Table(frame, columns, kind, source=data, separator=separator)
    raw = read_text_columns(read_bytes(data), separator)
    text = raw
    # A blank line (a trailing one, say) is not a row of missing values; drop it.
    blank = raw.select(pl.all_horizontal(pl.all().is_null())).to_series()
    raw_rows: Ints | None = None
    if blank.any():
        raw_rows = np.flatnonzero(~blank.to_numpy()).astype(np.int64)
        text = raw.filter(~blank)

    problems = _Problems()
    period_kind, periods = _convert_periods(text[columns.period], problems)
    values = _convert_numbers(text[columns.value], problems)
    converted = [periods, values]
    if columns.denominator:
        converted.append(_convert_numbers(text[columns.denominator], problems))
    if chart is not None:
        _check_for_chart(chart, text, converted[1:], problems)
    if columns.series:
        key = pl.concat_str(
            [pl.col(name).fill_null("") for name in columns.series_parts],
            separator=SERIES_KEY_SEPARATOR,
        )
        converted.append(text.select(key.alias(columns.series)).to_series())
    table = Table(
        frame=pl.DataFrame(converted),
        columns=columns,
        period_kind=period_kind,
        source=data,
        separator=separator,
        raw=raw,
        raw_rows=raw_rows,
    )
    if problems.found:
        raise InputError(problems.describe(table))
    return table


def _read_typed(
    source: bytes | Path, separator: str, columns: Columns, chart: ChartType | None
) -> tuple[PeriodKind, pl.DataFrame] | None:
    """The table read straight into typed columns, or None when anything is unusual (a
    cell that is not a number, a blank line, a bad period, ...): the text path then says
    what, naming the line. Periods and series are read as categories (a few distinct
    values, each converted once), so a large file costs a few bytes a row."""
    schema: dict[str, pl.DataType] = {columns.period: pl.Categorical(), columns.value: pl.Float64()}
    if columns.denominator:
        schema[columns.denominator] = pl.Float64()
    schema.update((name, pl.Categorical()) for name in columns.series_parts)
    try:
        frame = _without_blank_tail(_read_columns(source, separator, schema), source)
    except pl.exceptions.PolarsError:
        return None
    problems = _Problems()
    if frame[columns.period].null_count():
        return None
    kind, periods = _periods_of_categories(frame[columns.period], problems)
    numbers = [frame[columns.value]] + ([frame[columns.denominator]] if columns.denominator else [])
    # Only whether all is well here: the text path says what is not, naming the line.
    if not all(_in_range(number) for number in numbers):
        return None
    if chart is not None:
        _check_for_chart(chart, frame, numbers, problems)
    if problems.count:
        return None
    converted = [periods, *numbers]
    if len(columns.series_parts) == 1:
        # Kept as categories (4 bytes a row, not 16): they sort as their text does.
        converted.append(frame[columns.series_parts[0]].fill_null(""))
    elif columns.series:
        key = pl.concat_str(
            [pl.col(name).cast(pl.String).fill_null("") for name in columns.series_parts],
            separator=SERIES_KEY_SEPARATOR,
        )
        converted.append(frame.select(key.alias(columns.series)).to_series())
    return kind, pl.DataFrame(converted)


def _read_columns(
    source: bytes | Path, separator: str, schema: dict[str, pl.DataType]
) -> pl.DataFrame:
    """The named columns, typed, read by polars' streaming reader: it reads the file a piece
    at a time (mapped, never copied whole), so that only the typed columns are ever in memory
    whole, and it keeps a quoted line break inside its cell. Any other column is skipped as
    text, unparsed."""
    frame = pl.scan_csv(
        source, separator=separator, infer_schema=False, schema_overrides=schema
    ).select(list(schema))
    return frame.collect(engine="streaming")


def _without_blank_tail(frame: pl.DataFrame, source: bytes | Path) -> pl.DataFrame:
    """The rows without the blank lines that end the file (an extra line break, as some
    programs save), which the streaming reader gives as rows of nulls: a large file keeps
    its typed read. Only when the file's last bytes show those lines to be blank (not a row
    of empty cells, nor one with values in other columns); anything else is left as it is,
    for the text path to judge."""
    tail = frame.tail(_TAIL_ROWS).select(pl.all_horizontal(pl.all().is_null())).to_series()
    blank = int(np.argmin(tail.to_numpy()[::-1])) if len(tail) and not tail.all() else 0
    if blank == 0:
        return frame
    ending = _last_bytes(source).replace(b"\r", b"")
    return frame.head(-blank) if ending.endswith(b"\n" * (blank + 1)) else frame


def _last_bytes(source: bytes | Path) -> bytes:
    if isinstance(source, bytes):
        return source[-_TAIL_BYTES:]
    with source.open("rb") as file:
        file.seek(max(0, source.stat().st_size - _TAIL_BYTES))
        return file.read()


def _periods_of_categories(column: pl.Series, problems: _Problems) -> tuple[PeriodKind, pl.Series]:
    """Each distinct period converted once, then looked up by its category code."""
    distinct = column.unique()
    kind, parsed = _convert_periods(distinct.cast(pl.String), problems)
    codes = column.to_physical().to_numpy()
    # Days since 1970 for dates (a Date's own 4 bytes), the integers themselves otherwise.
    lookup = np.zeros(
        int(codes.max()) + 1 if len(codes) else 0, dtype=np.int32 if kind == "date" else np.int64
    )
    lookup[distinct.to_physical().to_numpy()] = parsed.to_physical().fill_null(0).to_numpy()
    periods = pl.Series(column.name, lookup[codes])
    return kind, periods.cast(pl.Date) if kind == "date" else periods


def parse_period(text: str, kind: PeriodKind) -> Period:
    """A period given on the command line, read as the period column's kind.

    >>> parse_period("2024-03-01", "date"), parse_period("12", "integer")
    (datetime.date(2024, 3, 1), 12)
    """
    stripped = text.strip()
    try:
        if kind == "integer":
            return int(stripped)
        if len(stripped) == 10:
            return dt.date.fromisoformat(stripped)
    except ValueError:
        pass
    raise ValueError(f"{text!r} is not {_KIND_NAMES[kind]}, as the period column holds")


class _Problems:
    """Bad cells found so far: the first few of each column in detail, and how many in all."""

    def __init__(self) -> None:
        self.found: list[tuple[int, str, str]] = []
        self.count = 0

    def add(self, bad: pl.Series, text: pl.Series, message: str) -> None:
        """Record the rows where ``bad``; ``message`` may use {text!r}, the cell's text."""
        rows = np.flatnonzero(bad.fill_null(False).to_numpy())
        self.count += len(rows)
        for row in rows[:MAX_REPORTED_PROBLEMS].tolist():
            self.found.append((row, str(text.name), message.format(text=text[row])))

    def describe(self, table: Table) -> list[str]:
        self.found.sort(key=lambda problem: problem[0])
        shown = self.found[:MAX_REPORTED_PROBLEMS]
        lines = [
            f"line {table.line(row)}, column {column}: {message}" for row, column, message in shown
        ]
        if self.count > len(shown):
            lines.append(f"... and {self.count - len(shown)} more bad cells")
        return lines


_KIND_NAMES: dict[PeriodKind, str] = {"date": "an ISO date (YYYY-MM-DD)", "integer": "an integer"}


def _resolve_columns(
    names: list[str],
    *,
    period: str,
    value: str,
    denominator: str | None,
    series: tuple[str, ...],
) -> Columns:
    # Named columns must exist; the optional ones are used when a column of that name exists.
    available = set(names)
    missing = [
        name for name in (period, value, denominator, *series) if name and name not in available
    ]
    if missing:
        raise InputError(
            [
                f"column {name}: no such column (the header has {', '.join(names)})"
                for name in missing
            ]
        )
    parts = series or (("series",) if "series" in available else ())
    return Columns(
        period=period,
        value=value,
        denominator=denominator or ("denominator" if "denominator" in available else None),
        series=SERIES_KEY_SEPARATOR.join(parts) if parts else None,
        series_parts=parts,
    )


def _check_for_chart(
    chart: ChartType, text: pl.DataFrame, numbers: list[pl.Series], problems: _Problems
) -> None:
    """Values the chart cannot take: negative counts or denominators, fractional counts."""
    names = ("a numerator", "a denominator")
    if chart in RATIO_CHARTS:
        for series, name in zip(numbers, names, strict=False):
            problems.add(series < 0, text[series.name], f"{{text!r}}: {name} cannot be negative")
    elif chart == "c":
        (counts,) = numbers[:1]
        source = text[counts.name]
        problems.add(counts < 0, source, "{text!r}: a count cannot be negative")
        problems.add(counts != counts.floor(), source, "{text!r}: a count is a whole number")
    elif chart == "g":
        problems.add(
            numbers[0] < 0, text[numbers[0].name], "{text!r}: a number of cases cannot be negative"
        )


def _convert_periods(text: pl.Series, problems: _Problems) -> tuple[PeriodKind, pl.Series]:
    kind, periods = _parse_periods(text)
    if _some_unread(text, periods):  # spaces around a period, perhaps
        text = _stripped(text)
        kind, periods = _parse_periods(text)
    problems.add(text.is_null(), text, "the period is missing")
    problems.add(
        text.is_not_null() & periods.is_null(),
        text,
        f"{{text!r}} is not {_KIND_NAMES[kind]}, as the first period is",
    )
    return kind, periods


def _parse_periods(text: pl.Series) -> tuple[PeriodKind, pl.Series]:
    # The first period decides the kind; every other period must be of the same kind.
    first = text.drop_nulls().head(1)
    if len(first) == 0 or first.str.contains(_INTEGER)[0]:
        return "integer", text.cast(pl.Int64, strict=False)
    dates = text.str.to_date("%Y-%m-%d", strict=False)
    # The parser also takes 2024-1-5; an ISO date has its zeros.
    iso = text.str.contains(_ISO_DATE)
    return "date", pl.select(pl.when(iso).then(dates).alias(str(text.name))).to_series()


def _convert_numbers(text: pl.Series, problems: _Problems) -> pl.Series:
    numbers = text.cast(pl.Float64, strict=False)
    if _some_unread(text, numbers):  # spaces around a number, a blank cell, or not a number
        text = _stripped(text)
        numbers = text.cast(pl.Float64, strict=False)
    unread = text.is_not_null() & numbers.is_null()
    # A decimal comma (as a spreadsheet in much of Europe writes) or a thousands separator
    # deserves its own hint.
    decimal_comma = text.str.contains(_DECIMAL_COMMA)
    problems.add(unread & ~decimal_comma, text, "{text!r} is not a number")
    problems.add(
        unread & decimal_comma,
        text,
        "{text!r} is not a number: write it without a comma (a decimal point, as in 2.5; "
        "no thousands separator)",
    )
    _check_numbers(numbers, text, problems)
    return numbers


def _check_numbers(numbers: pl.Series, text: pl.Series, problems: _Problems) -> None:
    # NaN or infinity is rejected rather than read as missing: missing is an empty cell.
    problems.add(numbers.is_nan() | numbers.is_infinite(), text, "{text!r} is not a finite number")
    problems.add(
        numbers.is_finite() & (numbers.abs() > LARGEST_NUMBER),
        text,
        f"{{text!r}} is out of range (kaizen-spc charts numbers up to {LARGEST_NUMBER:g} in size)",
    )


def _in_range(numbers: pl.Series) -> bool:
    """No NaN, infinity or number beyond LARGEST_NUMBER (polars orders NaN above infinity);
    one pass, where _check_numbers finds each bad row.

    >>> _in_range(pl.Series([1.0, None, -1e100])), _in_range(pl.Series([1.0, float("nan")]))
    (True, False)
    """
    return bool((numbers.abs() <= LARGEST_NUMBER).fill_null(True).all())


def _some_unread(text: pl.Series, converted: pl.Series) -> bool:
    return bool((text.is_not_null() & converted.is_null()).any())


def _stripped(text: pl.Series) -> pl.Series:
    """Text without surrounding spaces; a cell of spaces is as empty as an empty one.

    Only used when a plain conversion failed: stripping every cell of a large file costs more
    than converting it.
    """
    return pl.select(
        pl.when(text.str.strip_chars() != "").then(text.str.strip_chars()).alias(str(text.name))
    ).to_series()


def _line_of_raw_row(raw: pl.DataFrame, row: int) -> int:
    # Line 1 is the header; a quoted cell may span lines, so count the line breaks before.
    breaks = raw.slice(0, row).select(
        pl.sum_horizontal(pl.all().str.count_matches("\n").fill_null(0))
    )
    return 2 + row + int(breaks.to_series().sum())
