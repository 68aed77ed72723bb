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

import polars as pl

from kaizen.imports.checks import Kind, Problem
from kaizen.measures.models import period_start

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
    """One series of the file: its key, what it would be called, and its rows."""

    code: str
    name: str
    org_code: str
    org_name: str
    periods: list[dt.date]
    values: list[float | None]
    numerators: list[float | None]
    denominators: list[float | None]
    rows: list[int]
    frequency: str = "monthly"
    # A weekly series' weeks start on the day its periods fall on (0 Monday to 6 Sunday).
    week_starts: int = 0
    chart: str = "xmr"

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
    """Every series of the file (or of the given organisation codes), every bad row named."""
    frame = _scan(path, mapping)
    frame = frame.with_row_index("row", offset=2)  # the header is row 1
    if wanted := {code.strip().upper() for code in only_orgs if code.strip()}:
        if not mapping.organisation:
            raise LongTableError("Choose the organisation column to import only some of them")
        frame = frame.filter(
            pl.col(mapping.organisation).str.strip_chars().str.to_uppercase().is_in(wanted)
        )
    frame, problems = _parse(frame, mapping, today=today)
    table = LongTable(problems=problems, rows=frame.height)
    if problems:
        return table
    table.series = _series(frame, mapping)
    table.problems = [problem for one in table.series for problem in _duplicates(one)]
    return table


def _scan(path: Path, mapping: ColumnMapping) -> pl.DataFrame:
    try:
        header = pl.read_csv(path, n_rows=0, infer_schema=False, encoding="utf8-lossy").columns
    except (pl.exceptions.PolarsError, OSError) as error:
        raise LongTableError("The file is not a CSV file we can read.") from error
    missing = [f"{name} ({role})" for role, name in mapping.columns() if name not in header]
    if missing:
        raise LongTableError(
            f"The file has no column {', '.join(missing)}. Its columns are: {', '.join(header)}."
        )
    if not mapping.series:
        raise LongTableError("Choose at least one column that names the series")
    wanted = list(dict.fromkeys(name for _, name in mapping.columns()))
    try:
        # Only the mapped columns, all as text: checking them is ours, with our own messages.
        return pl.scan_csv(path, infer_schema=False, encoding="utf8-lossy").select(wanted).collect()
    except pl.exceptions.PolarsError as error:
        raise LongTableError(
            f"The file is not a well-formed CSV file: {_first_line(error)}"
        ) from error


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0][:200]


def _parse(
    frame: pl.DataFrame, mapping: ColumnMapping, *, today: dt.date
) -> tuple[pl.DataFrame, list[Problem]]:
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
    parsed = frame.with_columns(
        pl.coalesce(dates).alias("_period"), **{f"_{k}": v for k, v in numbers.items()}
    )
    if (
        "_value" in parsed.columns
        and "_numerator" in parsed.columns
        and "_denominator" in parsed.columns
    ):
        # A proportion published as its parts only: its value is the one it implies.
        parsed = parsed.with_columns(
            pl.coalesce(pl.col("_value"), pl.col("_numerator") / pl.col("_denominator")).alias(
                "_value"
            )
        )
    problems: list[Problem] = []
    checks = [
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
    for condition, kind, message, column in checks:
        bad = (
            parsed.filter(condition).select("row", pl.col(column).alias("_cell")).head(MAX_PROBLEMS)
        )
        problems += [Problem(row, kind, message.format(cell)) for row, cell in bad.iter_rows()]
        if len(problems) >= MAX_PROBLEMS:
            break
    problems.sort(key=lambda problem: problem.row)
    return parsed, problems[:MAX_PROBLEMS]


def _number(column: str) -> pl.Expr:
    # Thousands separators and a trailing % are how spreadsheets write numbers.
    text = pl.col(column).str.strip_chars().str.replace_all(",", "").str.strip_suffix("%")
    return text.cast(pl.Float64, strict=False)


def _series(frame: pl.DataFrame, mapping: ColumnMapping) -> list[LongSeries]:
    keys = [*mapping.series, *([mapping.breakdown] if mapping.breakdown else [])]
    extra = [c for c in (mapping.organisation, mapping.organisation_name) if c and c not in keys]
    columns = [
        "row",
        "_period",
        "_value",
        *(c for c in ("_numerator", "_denominator") if c in frame.columns),
    ]
    grouped = (
        frame.sort("_period")
        .group_by(keys, maintain_order=True)
        .agg(*(pl.col(c) for c in columns), *(pl.col(c).first() for c in extra))
    )
    out = []
    for record in grouped.iter_rows(named=True):
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
        count = len(record["_period"])
        one = LongSeries(
            code=" | ".join(parts)[:200],
            name=name[:200],
            org_code=org_code,
            org_name=org_name,
            periods=record["_period"],
            values=record["_value"],
            numerators=record.get("_numerator") or [None] * count,
            denominators=record.get("_denominator") or [None] * count,
            rows=record["row"],
        )
        one.frequency = detect_frequency(one.periods)
        if one.frequency == "weekly":
            one.week_starts = one.periods[0].weekday()
        one.chart = propose_chart(one)
        out.append(one)
    return out


def _duplicates(series: LongSeries) -> list[Problem]:
    """Two rows of one series in one period (after each period is moved to its start)."""
    seen: dict[dt.date, int] = {}
    problems = []
    for index, (row, day) in enumerate(zip(series.rows, series.periods, strict=True)):
        start = period_start(series.frequency, day, series.week_starts)
        series.periods[index] = start
        if (first := seen.setdefault(start, row)) != row:
            problems.append(
                Problem(
                    row,
                    Kind.DUPLICATE_PERIOD,
                    f"{series.code} has a figure for {start} on row {first} too",
                )
            )
    return problems


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
