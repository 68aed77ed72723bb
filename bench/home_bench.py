"""How fast is each role's home page, and what do the per-record rules cost? (the demo trust)

Loads the demo trust in a throwaway database (see platform_bench.py), then times each demo
role's organisation home page (best and median of 5 through Django's test client, with its
query count) and the measure and project pages whose controls the per-record rules decide.

    .venv/bin/python bench/home_bench.py [--postgres URL] [--json]
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from platform_bench import command_line, timed_get

RUNS = 5


def main() -> None:
    command_line(__doc__, measure_homes, print_figures)


def print_figures(figures: dict[str, Any]) -> None:
    for name, value in figures.items():
        print(f"{name:<34} {value}")


def measure_homes() -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from kaizen.accounts.models import Membership
    from kaizen.demo.loader import load_demo
    from kaizen.measures.models import Measure
    from kaizen.projects.models import Project

    organisation = load_demo().organisation
    base = f"/o/{organisation.slug}/"
    measure = Measure.objects.filter(organisation=organisation).first()
    project = Project.objects.filter(organisation=organisation).first()
    assert measure is not None and project is not None
    figures: dict[str, Any] = {}
    for role in ("staff", "coach", "leader", "board", "patient_partner", "admin"):
        membership = Membership.objects.filter(organisation=organisation, role=role).first()
        if membership is None:
            continue
        client = Client()
        client.force_login(membership.user)
        pages = {
            "home": base,
            "measure": f"{base}measures/{measure.pk}/",
            "project": f"{base}projects/{project.pk}/",
        }
        for name, url in pages.items():
            timing = timed_get(client, url, runs=RUNS)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            figures[f"{role} {name}"] = (
                f"best {timing['best_ms']} ms, median {timing['median_ms']} ms, "
                f"{len(queries)} queries, {timing['bytes']:,} bytes"
            )
    return figures


if __name__ == "__main__":
    main()
