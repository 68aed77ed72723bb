"""A long table of many series (one row per series and period) read into series to import.

The file is read from disk with polars, column by column and only the mapped columns, so a
national extract of hundreds of megabytes is never held as Python objects per cell. No Django
here beyond the period rules: the caller decides which series become which measures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from kaizen.imports.checks import Kind, Problem
from kaizen.imports.tables import UnreadableFile
from kaizen.imports.workbook import as_csv

# Where each publisher's data come from, quoted as its licence asks.
PUBLISHERS: dict[str, tuple[str, str]] = {
    "nhse": ("NHS England", "NHS England"),
    "phs": ("Public Health Scotland", "Public Health Scotland"),
    "statswales": ("StatsWales", "Welsh Government (StatsWales)"),
    "dohni": ("Department of Health Northern Ireland", "Department of Health (Northern Ireland)"),
    "ons": ("Office for National Statistics", "Office for National Statistics"),
    "": ("Not public data", ""),
}
# The date layouts a published file writes its periods in, tried in turn.
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S", "%d-%m-%Y", "%Y/%m/%d")
MONTH_FORMATS = ("%Y-%m", "%b-%y", "%b %Y", "%B %Y")
# A count series averaging fewer events than this a period is charted as a C chart; busier
# series vary far more than Poisson, so an XmR chart reads them honestly.
C_CHART_MAX_MEAN = 30
MAX_PROBLEMS = 1000
# The frequencies as small numbers, for a column of one per row.
FREQUENCY_CODES = ("daily", "weekly", "monthly", "quarterly", "yearly")


def attribution(publisher: str) -> str:
    if not PUBLISHERS.get(publisher, ("", ""))[1]:
        return ""
    return (
        "Contains public sector information licensed under the Open Government Licence v3.0 "
        f"({PUBLISHERS[publisher][1]})"
    )


@dataclass(frozen=True)
class ColumnMapping:
    """Which columns of the file hold what. ``series`` names the key columns (one or more)."""

    series: tuple[str, ...]
    period: str
    value: str
    numerator: str = ""
    denominator: str = ""
    breakdown: str = ""
    organisation: str = ""  # the ODS code of the organisation a row belongs to
    organisation_name: str = ""
    publisher: str = ""

    def as_json(self) -> dict[str, Any]:
        return {**self.__dict__, "series": list(self.series)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ColumnMapping:
        return cls(**{**data, "series": tuple(data.get("series") or ())})

    def columns(self) -> list[tuple[str, str]]:
        """(role, column) for every mapped column, the key columns first."""
        roles = [("series key", name) for name in self.series]
        for role in ("period", "value", "numerator", "denominator", "breakdown"):
            roles.append((role, getattr(self, role)))
        roles += [
            ("organisation", self.organisation),
            ("organisation name", self.organisation_name),
        ]
        return [(role, name) for role, name in roles if name]


@dataclass
class LongSeries:
    """One series of the file: its key, what it would be called, and where its rows are.

    The rows stay in the table's one polars frame (sorted by series, then period): a national
    file's millions of figures are never held as Python objects all at once, only a series (or
    a batch of series being imported) at a time, through the properties below.
    """

    code: str
    name: str
    org_code: str
    org_name: str
    frame: pl.DataFrame  # the whole table's rows: row, _period, _value, _numerator, _denominator
    start: int
    count: int
    frequency: str = "monthly"
    # A weekly series' weeks start on the day its periods fall on (0 Monday to 6 Sunday).
    week_starts: int = 0
    chart: str = "xmr"

    def _column(self, name: str) -> list[Any]:
        if name not in self.frame.columns:  # no numerators or denominators in the file
            return [None] * self.count
        return self.frame[name].slice(self.start, self.count).to_list()

    @property
    def periods(self) -> list[dt.date]:
        return self._column("_period")

    @property
    def values(self) -> list[float | None]:
        return self._column("_value")

    @property
    def numerators(self) -> list[float | None]:
        return self._column("_numerator")

    @property
    def denominators(self) -> list[float | None]:
        return self._column("_denominator")

    @property
    def rows(self) -> list[int]:
        return self._column("row")

    def figures(self) -> list[tuple[Any, ...]]:
        """(row, period, value, numerator, denominator) of each of its rows, read at once."""
        part = self.frame.slice(self.start, self.count)
        parts = [
            pl.col(c) if c in part.columns else pl.lit(None, pl.Float64).alias(c)
            for c in ("_numerator", "_denominator")
        ]
        return part.select("row", "_period", "_value", *parts).rows()

    @property
    def is_ratio(self) -> bool:
        return self.chart in ("p", "u")


@dataclass
class LongTable:
    series: list[LongSeries] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0

    @property
    def org_codes(self) -> list[str]:
        return sorted({one.org_code for one in self.series if one.org_code})


class LongTableError(ValueError):
    """The file cannot be read as mapped; the message names the row or column."""


def read_long_table(
    path: Path, mapping: ColumnMapping, *, only_orgs: Iterable[str] = (), today: dt.date
) -> LongTable:
    """Every series of the file (or of the given organisation codes), every bad row named. An
    Excel workbook's first sheet is read as a CSV file would be.

    The file is read in one streamed pass that keeps only what the import needs (the periods
    and figures parsed, the key columns as categories), never its text whole: a 500 MB file
    costs a few hundred megabytes. A file with bad rows is read again, for their words only.
    """
    try:
        with as_csv(path) as readable:
            lazy = _scan(readable, mapping).with_row_index("row", offset=2)  # header: row 1
            if wanted := {code.strip().upper() for code in only_orgs if code.strip()}:
                if not mapping.organisation:
                    raise LongTableError(
                        "Choose the organisation column to import only some of them"
                    )
                lazy = lazy.filter(
                    pl.col(mapping.organisation).str.strip_chars().str.to_uppercase().is_in(wanted)
                )
            parsed, checks = _parse(lazy, mapping, today=today)
            frame = _collect(parsed.select(*_kept(parsed, mapping), _any_bad(checks)))
            table = LongTable(rows=frame.height)
            if frame["_bad"].any():
                table.problems = _problems(parsed, checks)
                return table
    except UnreadableFile as error:
        raise LongTableError(str(error)) from error
    heads, rows = _grouped(frame.drop("_bad"), mapping)
    del frame
    series = _series(heads, rows, mapping)
    if series:
        moved, table.problems = _period_starts(series)
        for one in series:
            one.frame = moved
    table.series = series
    return table


def _scan(path: Path, mapping: ColumnMapping) -> pl.LazyFrame:
    try:
        header = pl.read_csv(path, n_rows=0, infer_schema=False, encoding="utf8-lossy").columns
    except (pl.exceptions.PolarsError, OSError) as error:
        raise LongTableError("The file is not a CSV or Excel (.xlsx) file we can read.") from error
    missing = [f"{name} ({role})" for role, name in mapping.columns() if name not in header]
    if missing:
        raise LongTableError(
            f"The file has no column {', '.join(missing)}. Its columns are: {', '.join(header)}."
        )
    if not mapping.series:
        raise LongTableError("Choose at least one column that names the series")
    wanted = list(dict.fromkeys(name for _, name in mapping.columns()))
    # Only the mapped columns, all as text: checking them is ours, with our own messages.
    return pl.scan_csv(path, infer_schema=False, encoding="utf8-lossy").select(wanted)


def _collect(*queries: pl.LazyFrame) -> pl.DataFrame:
    """The first query's frame (all run together, sharing their reading of the file), read
    in chunks by polars' streaming engine."""
    try:
        return pl.collect_all(list(queries), engine="streaming")[0]
    except pl.exceptions.PolarsError as error:
        raise LongTableError(
            f"The file is not a well-formed CSV file: {_first_line(error)}"
        ) from error


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0][:200]


def _keys(mapping: ColumnMapping) -> list[str]:
    return [*mapping.series, *([mapping.breakdown] if mapping.breakdown else [])]


def _kept(parsed: pl.LazyFrame, mapping: ColumnMapping) -> list[pl.Expr]:
    """What the import needs of each row: a key column's text is held once per distinct value
    (a category), and a figure the mapping does not name not at all."""
    keys = [*_keys(mapping), mapping.organisation, mapping.organisation_name]
    names = parsed.collect_schema().names()
    return [
        pl.col("row"),
        *(pl.col(c).cast(pl.Categorical) for c in dict.fromkeys(keys) if c),
        *(pl.col(c) for c in ("_period", "_value", "_numerator", "_denominator") if c in names),
    ]


# A check: the rows it finds, what kind of problem, the message (with the cell's text for {}),
# and the column whose text the message quotes.
Check = tuple[pl.Expr, Kind, str, str]


def _any_bad(checks: list[Check]) -> pl.Expr:
    return (
        pl.any_horizontal(*(condition for condition, *_ in checks)).fill_null(False).alias("_bad")
    )


def _problems(parsed: pl.LazyFrame, checks: list[Check]) -> list[Problem]:
    """Every bad row named, in our own words (the first MAX_PROBLEMS of them)."""
    found = pl.collect_all(
        [
            parsed.filter(condition).select("row", pl.col(column).alias("_cell")).head(MAX_PROBLEMS)
            for condition, _, _, column in checks
        ],
        engine="streaming",
    )
    problems = [
        Problem(row, kind, message.format(cell))
        for (_, kind, message, _), bad in zip(checks, found, strict=True)
        for row, cell in bad.iter_rows()
    ]
    problems.sort(key=lambda problem: problem.row)
    return problems[:MAX_PROBLEMS]


def _parse(
    lazy: pl.LazyFrame, mapping: ColumnMapping, *, today: dt.date
) -> tuple[pl.LazyFrame, list[Check]]:
    text = pl.col(mapping.period).str.strip_chars()
    dates = [text.str.strptime(pl.Date, f, strict=False) for f in DATE_FORMATS]
    dates += [(text + "-01").str.strptime(pl.Date, "%Y-%m-%d", strict=False)]
    dates += [
        ("1 " + text).str.strptime(pl.Date, "%d " + f, strict=False) for f in MONTH_FORMATS[1:]
    ]
    numbers = {
        role: _number(name)
        for role in ("value", "numerator", "denominator")
        if (name := getattr(mapping, role))
    }
    parsed = lazy.with_columns(
        pl.coalesce(dates).alias("_period"), **{f"_{k}": v for k, v in numbers.items()}
    )
    if len(numbers) == 3:
        # A proportion published as its parts only: its value is the one it implies.
        parsed = parsed.with_columns(
            pl.coalesce(pl.col("_value"), pl.col("_numerator") / pl.col("_denominator")).alias(
                "_value"
            )
        )
    checks: list[Check] = [
        (
            pl.col("_period").is_null(),
            Kind.BAD_DATE,
            f"“{{}}” in {mapping.period} is not a date (use 2024-03-01 or 01/03/2024)",
            mapping.period,
        ),
        (
            pl.col("_period") > today,
            Kind.FUTURE_PERIOD,
            f"{mapping.period} {{}} is in the future",
            mapping.period,
        ),
    ]
    for role, name in (
        ("value", mapping.value),
        ("numerator", mapping.numerator),
        ("denominator", mapping.denominator),
    ):
        if not name:
            continue
        given = pl.col(name).str.strip_chars().fill_null("") != ""
        checks.append(
            (
                given & pl.col(f"_{role}").is_null(),
                Kind.NOT_A_NUMBER,
                f"“{{}}” in {name} is not a number",
                name,
            )
        )
        checks.append((pl.col(f"_{role}") < 0, Kind.NEGATIVE, f"{name} {{}} is negative", name))
    checks.append(
        (pl.col("_value").is_null(), Kind.MISSING_VALUE, f"no {mapping.value}", mapping.value)
    )
    return parsed, checks


def _number(column: str) -> pl.Expr:
    # Thousands separators and a trailing % are how spreadsheets write numbers.
    text = pl.col(column).str.strip_chars().str.replace_all(",", "").str.strip_suffix("%")
    return text.cast(pl.Float64, strict=False)


def _grouped(frame: pl.DataFrame, mapping: ColumnMapping) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Each series' key (in the order the file first names them) and how many rows it has; and
    the rows' figures, each series' together and in period order. Only the figures are sorted:
    the keys are read once per series."""
    keys = _keys(mapping)
    extra = [c for c in (mapping.organisation, mapping.organisation_name) if c and c not in keys]
    heads = (
        frame.group_by(keys, maintain_order=True)
        .agg(*(pl.col(c).first() for c in extra), _count=pl.len(), _start=pl.col("row").min())
        .sort("_start")
    )
    figures = [c for c in ("_period", "_value", "_numerator", "_denominator") if c in frame.columns]
    # Most published files list each series' periods together and in order already: then the
    # rows are taken as they are, and a copy of every row in another order is made only when
    # it is needed. Checked chunk by chunk (streamed), so that no column of the whole file is
    # built for it: a 500 MB file's check would otherwise cost more than its figures.
    new_series = pl.any_horizontal(pl.col(key).ne_missing(pl.col(key).shift()) for key in keys)
    step_back = pl.col("_period").diff().dt.total_days() < 0
    runs, backwards = (
        frame.lazy()
        .select(new_series.sum(), (step_back & ~new_series).fill_null(False).any())
        .collect(engine="streaming")
        .row(0)
    )
    rows = frame.select("row", *figures)
    if runs != heads.height or backwards:
        first = frame.select(keys).join(
            heads.select(*keys, "_start"), on=keys, how="left", maintain_order="left"
        )
        rows = rows.with_columns(_first=first["_start"]).sort("_first", "_period", "row")
        rows = rows.drop("_first")
    return heads, rows


def _series(heads: pl.DataFrame, rows: pl.DataFrame, mapping: ColumnMapping) -> list[LongSeries]:
    keys = _keys(mapping)
    out = []
    start = 0
    for record in heads.iter_rows(named=True):
        parts = [str(record[key] or "").strip() for key in keys]
        org_code = (
            str(record.get(mapping.organisation) or "").strip().upper()
            if mapping.organisation
            else ""
        )
        org_name = (
            str(record.get(mapping.organisation_name) or "").strip()
            if mapping.organisation_name
            else ""
        )
        label = " · ".join(
            part
            for key, part in zip(keys, parts, strict=True)
            if key != mapping.organisation and part
        )
        name = f"{label}: {org_name or org_code}" if org_code or org_name else label
        one = LongSeries(
            code=" | ".join(parts)[:200],
            name=name[:200],
            org_code=org_code,
            org_name=org_name,
            frame=rows,
            start=start,
            count=record["_count"],
        )
        start += one.count
        periods = one.periods
        one.frequency = detect_frequency(periods)
        if one.frequency == "weekly":
            one.week_starts = periods[0].weekday()
        one.chart = propose_chart(one)
        out.append(one)
    return out


def _period_starts(series: list[LongSeries]) -> tuple[pl.DataFrame, list[Problem]]:
    """The table's frame with each period moved to the start of its series' period (as
    measures.period_start does, column-wise), and every row that repeats a series' period."""
    frame = series[0].frame
    lengths = [one.count for one in series]
    day = pl.col("_period")
    codes = {name: code for code, name in enumerate(FREQUENCY_CODES)}
    frequency = pl.Series(
        np.repeat([codes[one.frequency] for one in series], lengths), dtype=pl.Int8
    )
    week_starts = pl.Series(np.repeat([one.week_starts for one in series], lengths), dtype=pl.Int8)
    back = (day.dt.weekday().cast(pl.Int16) + 6 - pl.col("_week_starts")) % 7
    starts = (
        pl.when(pl.col("_frequency") == FREQUENCY_CODES.index("weekly"))
        .then(day - pl.duration(days=back))
        .when(pl.col("_frequency") == FREQUENCY_CODES.index("monthly"))
        .then(day.dt.month_start())
        .when(pl.col("_frequency") == FREQUENCY_CODES.index("quarterly"))
        .then(day.dt.truncate("1q"))
        .when(pl.col("_frequency") == FREQUENCY_CODES.index("yearly"))
        .then(day.dt.truncate("1y"))
        .otherwise(day)
    )
    index = pl.Series(np.repeat(np.arange(len(series), dtype=np.uint32), lengths))
    # Streamed, so that each branch of the period's start is worked out a chunk at a time
    # rather than as a column of the whole file (five of them for a 500 MB file's 13 million rows).
    lazy = (
        frame.lazy()
        .with_columns(_series=index, _frequency=frequency, _week_starts=week_starts)
        .with_columns(_period=starts)
    )
    # Each series' rows are in period order, so a repeated period is the row just after
    # another of the same series and period: the earlier row is the first of that run.
    same = (pl.col("_series") == pl.col("_series").shift(1)) & (
        pl.col("_period") == pl.col("_period").shift(1)
    )
    first = pl.when(~same.fill_null(False)).then(pl.col("row")).forward_fill().alias("_first")
    moved, repeated = pl.collect_all(
        [
            lazy.drop("_series", "_frequency", "_week_starts"),
            lazy.select("_series", "row", "_period", first)
            .filter(pl.col("row") != pl.col("_first"))
            .head(MAX_PROBLEMS),
        ],
        engine="streaming",
    )
    problems = [
        Problem(
            row,
            Kind.DUPLICATE_PERIOD,
            f"{series[number].code} has a figure for {start} on row {earlier} too",
        )
        for number, row, start, earlier in repeated.iter_rows()
    ]
    return moved, problems


def detect_frequency(periods: list[dt.date]) -> str:
    """The frequency the periods are spaced at: yearly, quarterly, monthly, weekly or daily."""
    ordered = sorted(set(periods))
    gaps = [(b - a).days for a, b in pairwise(ordered)]
    smallest = min(gaps, default=0)
    if all(day.day == 1 for day in ordered):
        if all(day.month == 1 for day in ordered) and (not gaps or smallest >= 365):
            return "yearly" if gaps else "monthly"
        if all(day.month in (1, 4, 7, 10) for day in ordered) and gaps and smallest >= 90:
            return "quarterly"
        return "monthly"
    if gaps and all(gap % 7 == 0 for gap in gaps):
        return "weekly"
    return "daily"


def propose_chart(series: LongSeries) -> str:
    """A proportion with its parts: P chart; a rate: U chart; a small count: C chart; else XmR."""
    pairs = list(zip(series.numerators, series.denominators, strict=True))
    if pairs and all(num is not None and den for num, den in pairs):
        return "p" if all(num <= den for num, den in pairs if num is not None and den) else "u"
    values = [value for value in series.values if value is not None]
    counts = values and all(value >= 0 and value == int(value) for value in values)
    if counts and sum(values) / len(values) < C_CHART_MAX_MEAN:
        return "c"
    return "xmr"
