"""Peak memory of reading and checking a large long table (target: under 1 GiB at 500 MB).

Writes a generated long table of about ``--mb`` megabytes to a temporary file (deleted after;
never committed), then reads and checks it as the upload page does after Django has streamed
the upload to disk: read_long_table (polars, only the mapped columns, every row checked, series
built). Prints the file's size, the time and the process's peak resident memory.

    .venv/bin/python bench/upload_memory.py [--mb 500]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaizen.settings")

POINTS = 60
ROW = "RX{org:03d},indicator_{series:05d},{period},{value},,\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--mb", type=int, default=500)
    args = parser.parse_args()

    import django

    django.setup()
    from kaizen.imports.longtable import ColumnMapping, read_long_table

    months = [dt.date(2020 + m // 12, m % 12 + 1, 1).isoformat() for m in range(POINTS)]
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "large.csv"
        write(path, months, args.mb * 1_000_000)
        size_mb = path.stat().st_size / 1e6
        before = peak_mb()
        started = time.perf_counter()
        mapping = ColumnMapping(
            series=("org_code", "indicator"), period="period", value="value", organisation=""
        )
        table = read_long_table(path, mapping, today=dt.date.today())
        seconds = time.perf_counter() - started
    print(
        f"{size_mb:.0f} MB, {table.rows:,} rows, {len(table.series):,} series: read and checked "
        f"in {seconds:.1f} s; peak memory {peak_mb():.0f} MB (before reading {before:.0f} MB; "
        "target under 1,024 MB)"
    )


def write(path: Path, months: list[str], size: int) -> None:
    with path.open("w") as out:
        out.write("org_code,indicator,period,value,numerator,denominator\n")
        series = 0
        while out.tell() < size:
            out.writelines(
                ROW.format(org=series % 200, series=series, period=month, value=series % 97 + i)
                for i, month in enumerate(months)
            )
            series += 1


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
