"""The command line at national scale: ``python spc/bench/cli_scale_bench.py [--series N]``

Writes a long CSV of N series of 60 monthly points (default a million, 1.5 GB; the table of
spc_bench.py) to a temporary folder, then runs ``kaizen-spc FILE --no-points --summary OUT``
``--runs`` times under ``/usr/bin/time -v`` and prints each run's wall time, CPU time and peak
memory, then the best and the median (issue 10: at most 25 s and 2.5 GiB), with the
machine's load average before and after each run, since wall time on a shared machine
includes waiting for a processor. ``--points`` also writes every point.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from spc_bench import long_table


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float
    peak_gib: float


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--series", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--points", action="store_true", help="write the points as well")
    args = parser.parse_args()
    program = Path(sys.executable).parent / "kaizen-spc"
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "measures.csv"
        long_table(args.series).write_csv(source)
        command = [str(program), str(source), "--summary", str(Path(folder) / "summary.csv")]
        command += ["-o", str(Path(folder) / "points.csv")] if args.points else ["--no-points"]
        print(f"{args.series:,} series x 60 points, {source.stat().st_size / 1e9:.2f} GB CSV")
        runs = [_timed(command) for _ in range(args.runs)]
    for name, pick in (("best", min), ("median", statistics.median)):
        print(
            f"{name}: wall {pick(run.wall for run in runs):.1f} s, "
            f"CPU {pick(run.cpu for run in runs):.1f} s, "
            f"peak {pick(run.peak_gib for run in runs):.2f} GiB"
        )


def _timed(command: list[str]) -> Run:
    before = _load()
    timed = subprocess.run(
        ["/usr/bin/time", "-v", *command], capture_output=True, text=True, check=True
    )
    report = dict(re.findall(r"^\s*(.+?): (.+)$", timed.stderr, re.MULTILINE))
    run = Run(
        wall=_seconds(report["Elapsed (wall clock) time (h:mm:ss or m:ss)"]),
        cpu=float(report["User time (seconds)"]) + float(report["System time (seconds)"]),
        peak_gib=int(report["Maximum resident set size (kbytes)"]) / 2**20,
    )
    print(
        f"wall {run.wall:.1f} s, CPU {run.cpu:.1f} s, peak {run.peak_gib:.2f} GiB "
        f"(load average before {before}, after {_load()})",
        flush=True,
    )
    return run


def _seconds(elapsed: str) -> float:
    """``h:mm:ss`` or ``m:ss.ss`` as seconds."""
    seconds = 0.0
    for part in elapsed.split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    if shutil.which("/usr/bin/time") is None:
        sys.exit("needs /usr/bin/time (GNU time)")
    main()
