"""How fast is kaizen-spc? Throughput, linearity and peak memory of spc_batch, and the CLI.

Run as a script (``make bench`` runs it): ``python spc/bench/spc_bench.py [--quick] [--json]``.
Every table is generated here (numpy, seeded): series of 60 monthly points, values with one
decimal as real measures have. Each size runs in its own subprocess so that its peak memory
(``ru_maxrss`` of the finished child) is its own and not the previous size's garbage.

Linearity compares like with like: the first run of each size, after a warm-up on a small
table, is on memory the process has never used (as the single run of a million series is),
while later runs reuse the memory the previous result gave back. Both are reported.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Literal, TypedDict

import numpy as np
import polars as pl

POINTS_PER_SERIES = 60
BATCH_SIZES = ((10_000, 5), (100_000, 3), (1_000_000, 2))  # (series, best of)
CLI_SERIES = 10_000
SEED = 20240601


class Row(TypedDict):
    case: str
    points: int
    seconds: float
    # The first run on fresh memory (batches only); seconds is the best run.
    first_seconds: float | None
    # User + system time: on a busy shared machine wall time includes waiting for a CPU.
    cpu_seconds: float
    points_per_second: float
    peak_mib: float | None


def row(
    case: str,
    points: int,
    timing: tuple[float, float],
    peak_mib: float | None = None,
    first_seconds: float | None = None,
) -> Row:
    seconds, cpu_seconds = timing
    return Row(
        case=case,
        points=points,
        seconds=seconds,
        first_seconds=first_seconds,
        cpu_seconds=cpu_seconds,
        points_per_second=points / seconds,
        peak_mib=peak_mib,
    )


def long_table(series_count: int, points: int = POINTS_PER_SERIES) -> pl.DataFrame:
    """``series_count`` series of ``points`` months: series, period (date), value."""
    rng = np.random.default_rng(SEED)
    levels = rng.uniform(20, 200, size=series_count)
    values = np.round(levels[:, None] + rng.normal(0, 8, size=(series_count, points)), 1)
    names = pl.Series("series", [f"S{number:07d}" for number in range(series_count)])
    months = pl.date_range(pl.date(2020, 1, 1), pl.date(2024, 12, 1), "1mo", eager=True)
    return pl.DataFrame(
        {
            "series": names.gather(np.repeat(np.arange(series_count), points)),
            "period": months.head(points).gather(np.tile(np.arange(points), series_count)),
            "value": values.ravel(),
        }
    )


def best_of(repeats: int, action: Callable[[], object]) -> tuple[float, float]:
    """The best wall time, and the CPU time of that run (this process and its children)."""
    return min(timed_runs(repeats, action))


def timed_runs(repeats: int, action: Callable[[], object]) -> list[tuple[float, float]]:
    """Wall and CPU time of each run, in order."""
    runs = []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), cpu_time()
        action()
        runs.append((time.perf_counter() - start, cpu_time() - start_cpu))
    return runs


def cpu_time() -> float:
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def time_batch(series_count: int, repeats: int) -> tuple[float, float, float]:
    """In the child process: chart the table ``repeats`` times; compute time only.

    Returns the best wall time, its CPU time and the wall time of the first run.
    """
    from kaizen_spc.api import spc_batch
    from kaizen_spc.types import SPCOptions

    options = SPCOptions(chart="xmr", rules="mdc")

    def chart(table: pl.DataFrame) -> object:
        return spc_batch(table, period="period", value="value", series="series", options=options)

    chart(long_table(100))  # code paths warm, memory still fresh
    table = long_table(series_count)
    runs = timed_runs(repeats, lambda: chart(table))
    seconds, cpu_seconds = min(runs)
    return seconds, cpu_seconds, runs[0][0]


def run_batch_sizes(sizes: tuple[tuple[int, int], ...]) -> list[Row]:
    rows: list[Row] = []
    for series_count, repeats in sizes:
        completed = subprocess.run(
            [sys.executable, __file__, "--child", str(series_count), str(repeats)],
            capture_output=True,
            text=True,
            check=True,
        )
        # The children run smallest first, so the largest peak so far is this size's peak.
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        seconds, cpu_seconds, first_seconds = json.loads(completed.stdout)
        rows.append(
            row(
                f"spc_batch {series_count:,} x {POINTS_PER_SERIES} (best of {repeats})",
                series_count * POINTS_PER_SERIES,
                (seconds, cpu_seconds),
                peak_kib / 1024,
                first_seconds,
            )
        )
    return rows


def time_cli() -> Row:
    """The whole command line as a user runs it: start, read the CSV, chart, write."""
    command = shutil.which("kaizen-spc", path=str(Path(sys.executable).parent))
    if command is None:
        raise SystemExit("kaizen-spc is not installed next to this Python (pip install -e spc)")
    with tempfile.TemporaryDirectory() as folder:
        source, output = Path(folder) / "measures.csv", Path(folder) / "points.csv"
        long_table(CLI_SERIES).write_csv(source)
        timing = best_of(
            3, lambda: subprocess.run([command, str(source), "-o", str(output)], check=True)
        )
    return row(
        f"kaizen-spc CLI, {CLI_SERIES:,} x {POINTS_PER_SERIES} CSV (best of 3)",
        CLI_SERIES * POINTS_PER_SERIES,
        timing,
    )


def time_single_series() -> Row:
    from kaizen_spc.api import spc
    from kaizen_spc.types import SPCOptions

    one = long_table(1)
    # Lists of dates and numbers, as the platform passes a measure's data.
    periods, values = one["period"].to_list(), one["value"].to_list()
    options = SPCOptions(chart="xmr", rules="mdc")
    calls = 200
    seconds, cpu_seconds = best_of(
        5, lambda: [spc(periods, values, options=options) for _ in range(calls)]
    )
    return row(
        f"spc() one series of {POINTS_PER_SERIES} points (per call)",
        POINTS_PER_SERIES,
        (seconds / calls, cpu_seconds / calls),
    )


def linearity(rows: list[Row], key: Literal["seconds", "first_seconds"]) -> float:
    """Time per point of the largest size over that of the smallest: 1.0 is linear."""
    largest, smallest = rows[-1][key], rows[0][key]
    assert largest is not None and smallest is not None
    return (largest / rows[-1]["points"]) / (smallest / rows[0]["points"])


def print_table(rows: list[Row], ratios: dict[str, float]) -> None:
    print(
        f"{'case':<58} {'points':>11} {'wall s':>9} {'first s':>9} {'CPU s':>9} "
        f"{'points/s':>12} {'peak MiB':>9}"
    )
    for each in rows:
        peak = "" if each["peak_mib"] is None else f"{each['peak_mib']:,.0f}"
        first = "" if each["first_seconds"] is None else f"{each['first_seconds']:.4f}"
        print(
            f"{each['case']:<58} {each['points']:>11,} {each['seconds']:>9.4f} {first:>9} "
            f"{each['cpu_seconds']:>9.4f} {each['points_per_second']:>12,.0f} {peak:>9}"
        )
    print(
        "linearity (time per point, largest / smallest batch): "
        f"{ratios['first']:.2f} first runs (fresh memory each), "
        f"{ratios['best']:.2f} best runs"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip the 1,000,000-series case")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--child", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(time_batch(*args.child)))
        return
    sizes = BATCH_SIZES[:-1] if args.quick else BATCH_SIZES
    batch_rows = run_batch_sizes(sizes)
    ratios = {
        "first": linearity(batch_rows, "first_seconds"),
        "best": linearity(batch_rows, "seconds"),
    }
    rows = [*batch_rows, time_cli(), time_single_series()]
    if args.json:
        print(json.dumps({"results": rows, "linearity": ratios}, indent=2))
    else:
        print_table(rows, ratios)


if __name__ == "__main__":
    main()
