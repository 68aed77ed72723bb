"""``kaizen-spc``: SPC charts of a long CSV from the command line.

Everything is computed and formatted before anything is written, so bad input leaves no
half-written output behind: no ``-o`` file, no summary, no SVG, nothing on standard output.
Exit status: 0 done, 2 bad input or usage, 1 the output could not be written.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kaizen_spc._csvio import (
    Formatted,
    InputError,
    PeriodKind,
    Table,
    parse_period,
    points_csv,
    read_table,
    results_json,
    summary_csv,
)
from kaizen_spc.api import BatchResult, series_results, spc_batch
from kaizen_spc.errors import SPCInputError
from kaizen_spc.svg import render_svg
from kaizen_spc.types import CHART_TYPES, DIRECTIONS, RULE_SETS, Period, SPCOptions

USAGE_ERROR = 2
WRITE_ERROR = 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status instead of exiting (for tests)."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:  # argparse has already printed the usage message
        return exit_.code if isinstance(exit_.code, int) else USAGE_ERROR
    try:
        outputs = _compute(args)
    except InputError as error:
        for problem in error.problems:
            print(f"kaizen-spc: {problem}", file=sys.stderr)
        return USAGE_ERROR
    try:
        _write(outputs, args)
    except BrokenPipeError:
        # The reader stopped early (kaizen-spc ... | head): not worth a message. Point
        # stdout at nothing so that Python's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return WRITE_ERROR
    except OSError as error:
        print(f"kaizen-spc: cannot write the output: {error}", file=sys.stderr)
        return WRITE_ERROR
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kaizen-spc",
        description="Run charts and SPC charts of a long CSV (one row per period and series).",
        epilog="Numbers are written with 17 significant digits, missing values as empty cells "
        "(null in JSON) and booleans as true/false.",
    )
    parser.add_argument("input", metavar="INPUT", help="a CSV file, or - for standard input")
    columns = parser.add_argument_group("columns")
    columns.add_argument("--period-col", default="period", metavar="NAME")
    columns.add_argument("--value-col", default="value", metavar="NAME")
    columns.add_argument(
        "--denominator-col", metavar="NAME", help="default: denominator, if present"
    )
    columns.add_argument("--series-col", metavar="NAME", help="default: series, if present")
    chart = parser.add_argument_group("chart")
    chart.add_argument("--chart", choices=CHART_TYPES, default="xmr")
    chart.add_argument("--rules", choices=RULE_SETS, help="default: mdc for xmr, else anhoej")
    chart.add_argument("--improvement", choices=DIRECTIONS, default="increase")
    chart.add_argument("--target", type=_number, metavar="NUMBER")
    chart.add_argument(
        "--rebase", action="append", default=[], metavar="PERIOD", help="start a new segment"
    )
    chart.add_argument(
        "--baseline", type=_positive_int, metavar="N", help="limits from the first N points"
    )
    chart.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="PERIOD",
        help="plotted, but left out of the limits",
    )
    chart.add_argument("--centre", type=_number, metavar="NUMBER", help="a fixed centre line")
    chart.add_argument("--multiply", type=_number, default=1.0, metavar="NUMBER")
    chart.add_argument(
        "--no-screen",
        dest="screen",
        action="store_false",
        help="do not screen out large moving ranges",
    )
    chart.add_argument(
        "--no-negative",
        dest="allow_negative",
        action="store_false",
        help="clamp negative lower limits to 0",
    )
    chart.add_argument("--shift-length", type=_positive_int, metavar="N")
    chart.add_argument("--trend-length", type=_positive_int, metavar="N")
    chart.add_argument(
        "--two-in-three-beyond",
        action="store_true",
        help="count points beyond 3 sigma towards two-in-three",
    )
    chart.add_argument("--aggregate", choices=("mean", "median"), default="mean")
    output = parser.add_argument_group("output")
    output.add_argument("--format", choices=("csv", "json"), default="csv")
    output.add_argument("--summary", type=Path, metavar="FILE", help="per-series summary CSV")
    output.add_argument("--svg", type=Path, metavar="DIR", help="one SVG chart per series")
    output.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: stdout")
    return parser


def _number(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return number


def _positive_int(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive integer")
    return number


@dataclass(frozen=True)
class _Outputs:
    main: Formatted
    summary: Formatted | None
    svgs: dict[str, str]


def _compute(args: argparse.Namespace) -> _Outputs:
    table = read_table(
        _read_input(args.input),
        period=args.period_col,
        value=args.value_col,
        denominator=args.denominator_col,
        series=args.series_col,
    )
    options = _options(args, table.period_kind)
    try:
        batch = spc_batch(
            table.frame,
            period=table.columns.period,
            value=table.columns.value,
            denominator=table.columns.denominator,
            series=table.columns.series,
            options=options,
        )
    except SPCInputError as error:
        raise InputError([_locate(error, table)]) from None
    return _Outputs(
        main=results_json(batch.points, batch.summary)
        if args.format == "json"
        else points_csv(batch.points),
        summary=summary_csv(batch.summary) if args.summary else None,
        svgs=_svgs(batch, target=options.target) if args.svg else {},
    )


def _locate(error: SPCInputError, table: Table) -> str:
    """The engine's message, with its 0-based frame row given as the CSV line."""
    line = f"line {table.line(error.row)}" if error.row is not None else ""
    column = f"column {error.column}" if error.column is not None else ""
    where = ", ".join(part for part in (line, column) if part)
    return f"{where}: {error.message}" if where else error.message


def _read_input(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(name).read_bytes()
    except OSError as error:
        raise InputError([f"cannot read {name}: {error.strerror}"]) from None


def _options(args: argparse.Namespace, period_kind: PeriodKind) -> SPCOptions:
    periods: dict[str, tuple[Period, ...]] = {}
    for option in ("rebase", "exclude"):
        try:
            periods[option] = tuple(
                parse_period(text, period_kind) for text in getattr(args, option)
            )
        except ValueError as error:
            raise InputError([f"--{option}: {error}"]) from None
    return SPCOptions(
        chart=args.chart,
        rules=args.rules,
        improvement=args.improvement,
        target=args.target,
        rebase=periods["rebase"],
        baseline=args.baseline,
        exclude=periods["exclude"],
        centre=args.centre,
        multiply=args.multiply,
        screen=args.screen,
        allow_negative=args.allow_negative,
        shift_length=args.shift_length,
        trend_length=args.trend_length,
        two_in_three_beyond=args.two_in_three_beyond,
        aggregate=args.aggregate,
    )


def _svgs(batch: BatchResult, *, target: float | None) -> dict[str, str]:
    """One SVG document per series, keyed by a file name safe on any file system."""
    results = series_results(batch)
    names = _file_names([result.summary.series for result in results])
    return {
        name: render_svg(result, title=result.summary.series, target=target)
        for name, result in zip(names, results, strict=True)
    }


def _file_names(series: Sequence[str]) -> list[str]:
    """Distinct file names from series names: letters, digits, ``.``, ``-`` and ``_`` only.

    Names are compared case-insensitively, as macOS and Windows do.

    >>> _file_names(["A&E / Type 1", "a&e / type 1", "", "../x"])
    ['A_E_Type_1.svg', 'a_e_type_1-2.svg', 'series.svg', 'x.svg']
    """
    used: set[str] = set()
    names = []
    for name in series:
        stem = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._-")[:100] or "series"
        candidate, number = stem, 1
        while candidate.lower() in used:
            number += 1
            candidate = f"{stem}-{number}"
        used.add(candidate.lower())
        names.append(f"{candidate}.svg")
    return names


def _write(outputs: _Outputs, args: argparse.Namespace) -> None:
    if args.svg:
        args.svg.mkdir(parents=True, exist_ok=True)
        for name, document in outputs.svgs.items():
            (args.svg / name).write_text(document, encoding="utf-8")
    if outputs.summary is not None:
        outputs.summary.write(args.summary)
    if args.output:
        outputs.main.write(args.output)
    else:
        _write_all(outputs.main.to_bytes())


def _write_all(data: bytes) -> None:
    # A large write to a pipe can stop part-way without an error (the error comes with the
    # next write): keep writing, so a closed pipe or a full disk is noticed.
    sys.stdout.flush()
    view = memoryview(data)
    while view:
        view = view[sys.stdout.buffer.write(view) :]
    sys.stdout.buffer.flush()
