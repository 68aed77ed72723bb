"""How fast does a national long table go in, and are 10,000 measures usable? (targets: 20 s;
300 ms and 500 KB per page)

Builds a throwaway database (SQLite, or ``--postgres URL``: see platform_bench.py) and writes a
long table of 10,000 series of 30 months (300,000 rows; a third of the series proportions with
numerators and denominators) to a temporary file. Then it times

* the bulk import end to end through the web's own path: bulk_preview (read with polars, every
  row checked, frequency detected, charts proposed, existing measures found by code) and
  bulk_import (10,000 measures created, 300,000 points stored, every chart's SPC refreshed);
* the measure list and the board summary of the organisation's 10,000 measures (best and median
  of several warm GETs) and the size of their HTML.

    .venv/bin/python bench/bulk_bench.py [--postgres URL] [--json]
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from platform_bench import command_line, organisation_and_member, timed_get

SERIES = 10_000
POINTS = 30
PAGE_RUNS = 10
SEED = 20261204


def main() -> None:
    command_line(__doc__, measure_everything, print_table)


def measure_everything() -> dict[str, Any]:
    from django.db import connection

    organisation, user = organisation_and_member()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "national.csv"
        write_table(path)
        size_mb = path.stat().st_size / 1e6
        figures = {"database": connection.vendor, "file_mb": round(size_mb, 1)}
        figures["import"] = time_import(organisation, user, path)
    figures["pages"] = time_pages(organisation, user)
    return figures


def write_table(path: Path) -> None:
    import numpy as np

    rng = np.random.default_rng(SEED)
    months = [dt.date(2022 + m // 12, m % 12 + 1, 1).isoformat() for m in range(POINTS)]
    with path.open("w") as out:
        out.write("org_code,indicator,period,value,numerator,denominator\n")
        for number in range(SERIES):
            level = rng.uniform(20, 500)
            lines = []
            for month in months:
                if number % 3 == 0:
                    denominator = int(rng.integers(500, 1500))
                    numerator = int(rng.binomial(denominator, 0.8))
                    lines.append(f"RX1,indicator_{number:05d},{month},,{numerator},{denominator}\n")
                else:
                    value = round(float(rng.normal(level, level / 10)), 1)
                    lines.append(f"RX1,indicator_{number:05d},{month},{value},,\n")
            out.writelines(lines)


def time_import(organisation: Any, user: Any, path: Path) -> dict[str, Any]:
    from kaizen.imports.bulk import NewMeasures, bulk_import, bulk_preview
    from kaizen.imports.longtable import ColumnMapping
    from kaizen.measures.models import DataPoint, Measure

    mapping = ColumnMapping(
        series=("org_code", "indicator"),
        period="period",
        value="value",
        numerator="numerator",
        denominator="denominator",
        organisation="org_code",
        publisher="nhse",
    )
    started = time.perf_counter()
    preview = bulk_preview(organisation=organisation, path=path, mapping=mapping)
    checked = time.perf_counter()
    assert not preview.problems, preview.problems[:5]
    new = NewMeasures()
    result = bulk_import(preview=preview, by=user, mapping=mapping, source=path.name, new=new)
    done = time.perf_counter()
    measures = Measure.objects.filter(organisation=organisation)
    assert measures.count() == SERIES and result.created == SERIES
    assert DataPoint.objects.filter(measure__organisation=organisation).count() == SERIES * POINTS
    assert not measures.filter(spc_headline={}).exists()
    return {
        "rows": SERIES * POINTS,
        "series": SERIES,
        "preview_s": round(checked - started, 2),
        "import_s": round(done - checked, 2),
        "total_s": round(done - started, 2),
        "target_s": 20,
    }


def time_pages(organisation: Any, user: Any) -> dict[str, Any]:
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    figures = {}
    for name in ("measure_list", "board_summary"):
        url = reverse(f"measures:{name}", kwargs={"org": organisation.slug})
        figures[name] = {
            **timed_get(client, url, runs=PAGE_RUNS),
            "kb": round(len(client.get(url).content) / 1024, 1),
            "target_ms": 300,
            "target_kb": 500,
        }
    return figures


def print_table(figures: dict[str, Any]) -> None:
    imported = figures["import"]
    print(f"Database: {figures['database']}; file {figures['file_mb']} MB")
    print(
        f"Bulk import of {imported['rows']:,} rows in {imported['series']:,} new measures: "
        f"preview {imported['preview_s']} s + import {imported['import_s']} s = "
        f"{imported['total_s']} s (target {imported['target_s']} s)"
    )
    for name, page in figures["pages"].items():
        print(
            f"{name} with {SERIES:,} measures: best {page['best_ms']} ms, median "
            f"{page['median_ms']} ms, {page['kb']} KB (targets 300 ms, 500 KB)"
        )


if __name__ == "__main__":
    main()
