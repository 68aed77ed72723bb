"""``kaizen-spc``: SPC charts of a long CSV from the command line.

The whole input is read and checked before anything is written, so bad input leaves no
half-written output behind: no ``-o`` file, no summary, no SVG, nothing on standard output.
The charts are then computed and written a chunk of whole series at a time (never assembled
whole), each file under a temporary name renamed into place when complete.
Exit status: 0 done, 2 bad input or usage, 1 the output could not be written.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from kaizen_spc._csvio import PeriodKind, Table, parse_period, read_table
from kaizen_spc._csvout import (
    POINT_COLUMNS,
    SUMMARY_COLUMNS,
    json_entries,
    points_csv,
    summary_csv,
)
from kaizen_spc._csvsource import InputError
from kaizen_spc._funnelio import funnel_of_table, funnel_outputs
from kaizen_spc.api import BatchResult, series_results, spc_batches
from kaizen_spc.errors import SPCInputError
from kaizen_spc.svg import render_svg
from kaizen_spc.types import CHART_TYPES, DIRECTIONS, RULE_SETS, Period, SPCOptions

USAGE_ERROR = 2
WRITE_ERROR = 1
# Series charted and written at a time: small enough that memory stays flat, large enough
# that each chunk is one vectorised pass.
CHUNK_SERIES = 10_000


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status instead of exiting (for tests)."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:  # argparse has already printed the usage message
        return exit_.code if isinstance(exit_.code, int) else USAGE_ERROR
    try:
        table = _read(args)
        write = _funnel(table, args) if args.funnel else _charts(table, args)
    except InputError as error:
        for problem in error.problems:
            print(f"kaizen-spc: {problem}", file=sys.stderr)
        return USAGE_ERROR
    try:
        write()
    except BrokenPipeError:
        # The reader stopped early (kaizen-spc ... | head): not worth a message. Point
        # stdout at nothing so that Python's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return WRITE_ERROR
    except OSError as error:
        print(f"kaizen-spc: cannot write the output: {error}", file=sys.stderr)
        return WRITE_ERROR
    return 0


_SEPARATORS = {"comma": ",", "semicolon": ";", "tab": "\t"}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kaizen-spc",
        description="Run charts and SPC charts of a long CSV (one row per period and series).",
        epilog="Numbers are written in the shortest form that reads back as the same double, "
        "missing values as empty cells (null in JSON) and booleans as true/false.",
    )
    parser.add_argument("input", metavar="INPUT", help="a CSV file, or - for standard input")
    columns = parser.add_argument_group("columns")
    columns.add_argument("--period-col", default="period", metavar="NAME", help="default: period")
    columns.add_argument("--value-col", default="value", metavar="NAME", help="default: value")
    columns.add_argument(
        "--numerator-col",
        metavar="NAME",
        help="the numerator of a p, u or funnel chart (default: the --value-col column)",
    )
    columns.add_argument(
        "--denominator-col", metavar="NAME", help="default: denominator, if present"
    )
    columns.add_argument(
        "--series-col",
        action="append",
        default=[],
        metavar="NAME[,NAME...]",
        help="the series key; several columns (repeated or comma-separated) make one key, "
        "joined by ' / ' (default: series, if present)",
    )
    columns.add_argument(
        "--separator",
        choices=tuple(_SEPARATORS),
        help="the input's separator (default: detected from the header: comma, semicolon or tab)",
    )
    chart = parser.add_argument_group("chart")
    chart.add_argument("--chart", choices=CHART_TYPES, default="xmr", help="default: xmr")
    chart.add_argument("--rules", choices=RULE_SETS, help="default: mdc for xmr, else anhoej")
    chart.add_argument(
        "--improvement",
        choices=DIRECTIONS,
        default="increase",
        help="which direction is better (default: increase)",
    )
    chart.add_argument("--target", type=_number, metavar="NUMBER", help="default: none")
    chart.add_argument(
        "--rebase",
        action="append",
        default=[],
        metavar="PERIOD",
        help="start a new segment (repeatable; default: none)",
    )
    chart.add_argument(
        "--baseline",
        type=_positive_int,
        metavar="N",
        help="limits from the first N points (default: all points)",
    )
    chart.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="PERIOD",
        help="plotted, but left out of the limits (repeatable; default: none)",
    )
    chart.add_argument(
        "--centre",
        type=_number,
        metavar="NUMBER",
        help="a fixed centre line (default: from the data)",
    )
    chart.add_argument(
        "--multiply",
        type=_number,
        default=1.0,
        metavar="NUMBER",
        help="scale the values, e.g. 100 for percent (default: 1)",
    )
    chart.add_argument(
        "--no-screen",
        dest="screen",
        action="store_false",
        help="do not screen out large moving ranges (default: screen them)",
    )
    chart.add_argument(
        "--no-negative",
        dest="allow_negative",
        action="store_false",
        help="clamp negative lower limits to 0 (default: allow them)",
    )
    chart.add_argument(
        "--shift-length",
        type=_positive_int,
        metavar="N",
        help="points in a shift (default: the rule set's, mdc 7, ihi 6)",
    )
    chart.add_argument(
        "--trend-length",
        type=_positive_int,
        metavar="N",
        help="points in a trend (default: the rule set's, mdc 7, ihi 5)",
    )
    chart.add_argument(
        "--two-in-three-beyond",
        action="store_true",
        help="count points beyond 3 sigma towards two-in-three (default: do not)",
    )
    chart.add_argument(
        "--aggregate",
        choices=("mean", "median"),
        default="mean",
        help="how repeated periods of run and XmR charts combine (default: mean)",
    )
    funnel = parser.add_argument_group("funnel plot (one unit per series, across series)")
    funnel.add_argument(
        "--funnel",
        choices=("proportion", "rate"),
        help="draw a funnel plot instead of charts (default: charts)",
    )
    funnel.add_argument(
        "--funnel-adjustment",
        choices=("additive", "multiplicative", "none"),
        default="additive",
        help="the overdispersion adjustment (default: additive)",
    )
    output = parser.add_argument_group("output")
    output.add_argument("--format", choices=("csv", "json"), default="csv", help="default: csv")
    output.add_argument(
        "--summary", type=Path, metavar="FILE", help="per-series summary CSV (default: none)"
    )
    output.add_argument(
        "--no-points",
        dest="points",
        action="store_false",
        help="write only the --summary, not the points (default: write the points)",
    )
    output.add_argument(
        "--svg", type=Path, metavar="DIR", help="one SVG chart per series (default: none)"
    )
    output.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="default: standard output"
    )
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


def _read(args: argparse.Namespace) -> Table:
    if not args.points and not args.summary:
        raise InputError(["--no-points leaves nothing to write: add --summary FILE"])
    series = [name.strip() for given in args.series_col for name in given.split(",")]
    return read_table(
        _read_input(args.input),
        period=args.period_col,
        value=args.numerator_col or args.value_col,
        denominator=args.denominator_col,
        series=[name for name in series if name] or None,
        separator=_SEPARATORS[args.separator] if args.separator else None,
        chart=None if args.funnel else args.chart,
    )


def _charts(table: Table, args: argparse.Namespace) -> Callable[[], None]:
    """Check the whole table in the engine, then return the writer of its charts."""
    options = _options(args, table.period_kind)
    for warning in _warnings(table, args):
        print(f"kaizen-spc: warning: {warning}", file=sys.stderr)
    batches = spc_batches(
        table.frame,
        chunk_series=CHUNK_SERIES,
        period=table.columns.period,
        value=table.columns.value,
        denominator=table.columns.denominator,
        series=table.columns.series,
        options=options,
        # The summary alone (--no-points without --svg) needs no points frame built.
        with_points=args.points or bool(args.svg),
    )
    try:
        # The engine checks the whole table before the first chunk: bad input is found here,
        # before anything is written.
        first = next(batches, None)
    except SPCInputError as error:
        raise InputError([_locate(error, table)]) from None
    chunks = chain([first], batches) if first is not None else iter(())
    return lambda: _write_charts(chunks, args, target=options.target)


def _warnings(table: Table, args: argparse.Namespace) -> list[str]:
    notes = []
    if table.frame.height == 0:
        notes.append("the input has a header but no data rows; the output has only headers")
    columns = table.columns
    if args.chart in ("p", "pp") and columns.denominator and not args.numerator_col:
        values = table.frame[columns.value].drop_nulls()
        proportions = ((values >= 0) & (values <= 1)).all() and (values != values.floor()).any()
        if proportions:
            notes.append(
                f"every value in column {columns.value} lies between 0 and 1, as a proportion "
                f"does, but a {args.chart} chart needs the numerator (a count) there, with "
                f"the denominator in column {columns.denominator}; name the numerator column "
                "with --numerator-col"
            )
    return notes


def _funnel(table: Table, args: argparse.Namespace) -> Callable[[], None]:
    if args.svg:
        raise InputError(["--svg draws charts; a funnel plot is written as CSV or JSON"])
    units, summary = funnel_of_table(
        table,
        kind=args.funnel,
        adjustment=args.funnel_adjustment,
        target=None if args.target is None else args.target / args.multiply,
        multiply=args.multiply,
    )
    main, summary_table = funnel_outputs(units, summary, as_json=args.format == "json")

    def write() -> None:
        with ExitStack() as stack:
            if args.points:
                main.write_to(stack.enter_context(_opened(args.output)))
            if args.summary:
                summary_table.write_to(stack.enter_context(_opened(args.summary)))

    return write


def _locate(error: SPCInputError, table: Table) -> str:
    """The engine's message, with its 0-based frame row given as the CSV line."""
    line = f"line {table.line(error.row)}" if error.row is not None else ""
    column = f"column {error.column}" if error.column is not None else ""
    where = ", ".join(part for part in (line, column) if part)
    return f"{where}: {error.message}" if where else error.message


def _read_input(name: str) -> bytes | Path:
    # A file is left to the CSV reader, which reads it a block at a time, never whole.
    return sys.stdin.buffer.read() if name == "-" else Path(name)


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


def _file_names(series: Sequence[str], used: set[str] | None = None) -> list[str]:
    """Distinct file names from series names: letters, digits, ``.``, ``-`` and ``_`` only.

    Names are compared case-insensitively, as macOS and Windows do; ``used`` holds the
    names (lower case) already taken, and receives these.

    >>> _file_names(["A&E / Type 1", "a&e / type 1", "", "../x"])
    ['A_E_Type_1.svg', 'a_e_type_1-2.svg', 'series.svg', 'x.svg']
    """
    used = set() if used is None else used
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


def _write_charts(
    chunks: Iterator[BatchResult], args: argparse.Namespace, *, target: float | None
) -> None:
    """Write each chunk's points, summary lines and SVGs, then let the chunk go."""
    as_json = args.format == "json"
    used_names: set[str] = set()
    with ExitStack() as stack:
        main = stack.enter_context(_opened(args.output)) if args.points else None
        summary = stack.enter_context(_opened(args.summary)) if args.summary else None
        if args.svg:
            args.svg.mkdir(parents=True, exist_ok=True)
        if main and as_json:
            main.write(b'{"series": [\n')
        written = False
        for batch in chunks:
            if main:
                _write_points(main, batch, as_json=as_json, first=not written)
            if summary:
                summary_csv(batch.summary).write_to(summary, header=not written)
            if args.svg:
                _write_svgs(batch, args.svg, used_names, target=target)
            written = True
        # Without data, the headers alone (the JSON list empty).
        if main and as_json:
            main.write(b"\n]}\n" if written else b"]}\n")
        elif main and not written:
            main.write((",".join(POINT_COLUMNS) + "\n").encode())
        if summary and not written:
            summary.write((",".join(SUMMARY_COLUMNS) + "\n").encode())


def _write_points(file: BinaryIO, batch: BatchResult, *, as_json: bool, first: bool) -> None:
    if as_json:
        entries = json_entries(batch.points, batch.summary).to_list()
        file.write((("" if first else ",\n") + ",\n".join(entries)).encode())
    else:
        points_csv(batch.points).write_to(file, header=first)


def _write_svgs(batch: BatchResult, folder: Path, used: set[str], *, target: float | None) -> None:
    results = series_results(batch)
    names = _file_names([result.summary.series for result in results], used)
    for name, result in zip(names, results, strict=True):
        document = render_svg(result, title=result.summary.series, target=target)
        (folder / name).write_text(document, encoding="utf-8")


@contextmanager
def _opened(path: Path | None) -> Iterator[BinaryIO]:
    """Standard output, or a temporary file beside ``path`` renamed to it once complete
    (removed if anything fails): a reader never sees half a file."""
    if path is None:
        sys.stdout.flush()
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(path)) from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as file:
            yield file
        temporary.chmod(0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _umask() -> int:
    # Only readable by setting it: set it back at once.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
