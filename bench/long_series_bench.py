"""How big and slow are a very long measure's pages? (targets: chart page under 1 MB, PDF in
seconds)

One daily measure of 40,000 points (about 110 years: the issue's hostile case) in a throwaway
database (see platform_bench.py). Times the SPC refresh of the whole series, then the measure's
page (size, best and median of 5 through Django's test client), the board summary page and the
board PDF with that measure in it.

    .venv/bin/python bench/long_series_bench.py [--postgres URL] [--json]
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from platform_bench import command_line, organisation_and_member, timed_get

POINTS = 40_000
RUNS = 5
SEED = 20240602


def main() -> None:
    command_line(__doc__, measure_long_series, print_figures)


def print_figures(figures: dict[str, Any]) -> None:
    for name, value in figures.items():
        print(f"{name:<28} {value}")


def measure_long_series() -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    organisation, user = organisation_and_member()
    started = time.perf_counter()
    measure = long_measure(organisation)
    refresh_seconds = time.perf_counter() - started
    client = Client()
    client.force_login(user)
    org = organisation.slug
    page = timed_get(
        client, reverse("measures:measure_detail", kwargs={"org": org, "pk": measure.pk}), runs=RUNS
    )
    summary = timed_get(client, reverse("measures:board_summary", kwargs={"org": org}), runs=RUNS)
    pdf = timed_get(client, reverse("measures:board_summary_pdf", kwargs={"org": org}), runs=1)
    return {
        "database": connection.vendor,
        "points": POINTS,
        "spc_refresh_s": round(refresh_seconds, 2),
        "chart_page_bytes": page["bytes"],
        "chart_page_best_ms": page["best_ms"],
        "chart_page_median_ms": page["median_ms"],
        "board_summary_bytes": summary["bytes"],
        "board_summary_median_ms": summary["median_ms"],
        "board_pdf_bytes": pdf["bytes"],
        "board_pdf_s": round(pdf["best_ms"] / 1000, 2),
    }


def long_measure(organisation: Any) -> Any:
    """40,000 days of a stable process with a step up in the last year."""
    import numpy as np

    from kaizen.measures.models import DataPoint, Measure
    from kaizen.measures.services import measure_refresh

    rng = np.random.default_rng(SEED)
    values = rng.normal(50, 5, POINTS)
    values[-365:] += 8
    measure = Measure.objects.create(
        organisation=organisation, name="Daily admissions", frequency="daily", target=55.0
    )
    first = dt.date.today() - dt.timedelta(days=POINTS)
    DataPoint.objects.bulk_create(
        (
            DataPoint(measure=measure, period=first + dt.timedelta(days=i), value=round(v, 1))
            for i, v in enumerate(values.tolist())
        ),
        batch_size=5000,
    )
    return measure_refresh(measure=measure)


if __name__ == "__main__":
    main()
