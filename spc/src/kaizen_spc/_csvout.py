"""Results as CSV or JSON text for the command line.

Every float is written in the shortest form that parses back to the identical double
(``0.1``, ``2.0``, ``1e+20``), by polars itself; missing values are empty cells (null in JSON),
booleans true/false.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import polars as pl

# The columns the command line writes, in order. Booleans are written as true/false.
POINT_COLUMNS = (
    "series",
    "period",
    "value",
    "denominator",
    "segment",
    "baseline",
    "included",
    "centre",
    "lower",
    "upper",
    "lower_2s",
    "upper_2s",
    "outside_limits",
    "shift",
    "trend",
    "two_in_three",
    "special_cause",
    "point_type",
)
SUMMARY_COLUMNS = (
    "series",
    "chart",
    "rules",
    "n",
    "n_useful",
    "centre",
    "lower",
    "upper",
    "variation_icon",
    "assurance_icon",
    "longest_run",
    "longest_run_max",
    "crossings",
    "crossings_min",
    "runs_signal",
    "short_group_warning",
    "warnings",
)
# Several warnings share one CSV cell; a warning never contains this separator.
WARNING_SEPARATOR = "; "


def format_floats(values: pl.Series) -> pl.Series:
    """Floats as the shortest text that reads back as the identical double (as polars writes
    them in CSV); null (missing) for null, NaN and infinities.

    >>> format_floats(pl.Series("x", [0.1, None, 2.0, float("nan"), 1e20])).to_list()
    ['0.1', None, '2.0', None, '1e+20']
    """
    return _finite(values).cast(pl.String)


@dataclass(frozen=True)
class Formatted:
    """Output as text, ready to write: nothing about the data can fail any more."""

    # One column per CSV column, or (header False) one column of whole lines.
    table: pl.DataFrame
    header: bool = True

    def write(self, path: Path) -> None:
        # Given a path, polars writes the file itself, twice as fast as through a Python file.
        self.table.write_csv(path, include_header=self.header, quote_style="never")

    def write_to(self, file: BinaryIO, *, header: bool = True) -> None:
        """Append to an open file: one chunk of a longer output, with the header or not."""
        self.table.write_csv(file, include_header=self.header and header, quote_style="never")

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.table.write_csv(buffer, include_header=self.header, quote_style="never")
        return buffer.getvalue()


def points_csv(points: pl.DataFrame) -> Formatted:
    """The per-point table as CSV: numbers to 17 digits, missing empty, booleans true/false."""
    return Formatted(csv_cells(points.select(POINT_COLUMNS), free_text=["series"]))


def summary_csv(summary: pl.DataFrame) -> Formatted:
    """The per-series summary as CSV cells; a series' warnings share one cell, joined by "; "."""
    table = summary.select(SUMMARY_COLUMNS).with_columns(
        pl.col("warnings").list.join(WARNING_SEPARATOR)
    )
    return Formatted(csv_cells(table, free_text=["series", "warnings"]))


def results_json(points: pl.DataFrame, summary: pl.DataFrame) -> Formatted:
    """``{"series": [{"series": ..., "summary": {...}, "points": [{...}, ...]}, ...]}``,
    one series per line."""
    entries = json_entries(points, summary)
    lines = pl.concat(
        [pl.Series(['{"series": [']), entries.head(-1) + ",", entries.tail(1), pl.Series(["]}"])]
    )
    return Formatted(lines.to_frame("json"), header=False)


def json_entries(points: pl.DataFrame, summary: pl.DataFrame) -> pl.Series:
    """One JSON object per series: ``{"series": ..., "summary": {...}, "points": [...]}``.

    Built as text column by column (polars), not through Python dicts: one object per point
    would be far slower for a million points.
    """
    point_objects = points.select(
        pl.col("series"), _json_objects(points.select(POINT_COLUMNS)).alias("point")
    )
    per_series = point_objects.group_by("series", maintain_order=True).agg(
        pl.col("point").str.join(", ")
    )
    charts = summary.select(
        pl.col("series"),
        _json_strings(summary["series"]).alias("name"),
        _json_objects(summary.select(SUMMARY_COLUMNS)).alias("summary"),
    ).join(per_series, on="series", how="left", maintain_order="left")
    return charts.select(
        pl.concat_str(
            pl.lit('{"series": '),
            pl.col("name"),
            pl.lit(', "summary": '),
            pl.col("summary"),
            pl.lit(', "points": ['),
            pl.col("point").fill_null(""),
            pl.lit("]}"),
        )
    ).to_series()


def csv_cells(frame: pl.DataFrame, *, free_text: Sequence[str]) -> pl.DataFrame:
    """Every cell as its CSV text. Only the ``free_text`` columns (names users chose,
    messages) can hold a comma, quote or line break; quoting them here lets polars skip its
    per-cell quoting checks, which take a third of the writing time of a large table."""
    return _as_text(frame).with_columns(_quoted(frame[name]) for name in free_text)


def _quoted(values: pl.Series) -> pl.Series:
    needs_quotes = values.str.contains(r'[,"\r\n]')
    if not needs_quotes.any():
        return values
    quoted = '"' + values.str.replace_all('"', '""', literal=True) + '"'
    return pl.select(
        pl.when(needs_quotes).then(quoted).otherwise(values).alias(str(values.name))
    ).to_series()


def _as_text(frame: pl.DataFrame) -> pl.DataFrame:
    # Polars writes floats itself, in the shortest form that reads back exactly: only NaN
    # and infinities (written "NaN", "inf") must become missing cells first.
    return frame.with_columns(
        _finite(frame[name]) for name, dtype in frame.schema.items() if dtype.is_float()
    )


def _finite(values: pl.Series) -> pl.Series:
    floats = values.cast(pl.Float64)
    return pl.select(pl.when(floats.is_finite()).then(floats).alias(str(values.name))).to_series()


def _json_strings(values: pl.Series) -> pl.Series:
    escaped = {text: json.dumps(text) for text in values.unique().drop_nulls().to_list()}
    return values.replace_strict(escaped, default="null", return_dtype=pl.String)


def _json_objects(frame: pl.DataFrame) -> pl.Expr:
    parts: list[pl.Expr | str] = []
    for position, (name, dtype) in enumerate(frame.schema.items()):
        parts.append(pl.lit(("{" if position == 0 else ", ") + json.dumps(name) + ": "))
        parts.append(pl.lit(_json_tokens(frame[name], dtype)))
    parts.append(pl.lit("}"))
    return pl.concat_str(parts)


def _json_tokens(values: pl.Series, dtype: pl.DataType) -> pl.Series:
    if dtype.is_float():
        return format_floats(values).fill_null("null")
    if dtype == pl.Date:
        return ('"' + values.dt.to_string("%Y-%m-%d") + '"').fill_null("null")
    if dtype == pl.Boolean or dtype.is_integer():
        return values.cast(pl.String).fill_null("null")
    if isinstance(dtype, pl.List):
        return pl.Series([json.dumps(list(items)) for items in values.to_list()], dtype=pl.String)
    return _json_strings(values.cast(pl.String))
