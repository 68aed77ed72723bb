"""How long the API takes to store 100,000 data points of 500 measures sent in one request,
checks, upsert and every chart's refresh included (target: at most 5 s on PostgreSQL).

Builds a throwaway database (SQLite in memory, or PostgreSQL when DATABASE_URL is set: a test
database is created and dropped), creates 500 weekly measures and a read-write token, then
POSTs /api/v1/datapoints through Django's test client: once into empty measures, then the same
request again with every value changed.

    .venv/bin/python bench/api_bench.py [--measures 500] [--points 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaizen.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--measures", type=int, default=500)
    parser.add_argument("--points", type=int, default=200, help="per measure")
    args = parser.parse_args()

    import django
    from django.conf import settings

    if not os.getenv("DATABASE_URL"):
        os.environ["KAIZEN_VAR_DIR"] = os.environ.get("KAIZEN_VAR_DIR", "/tmp/kaizen-bench")
    django.setup()
    settings.ALLOWED_HOSTS = ["testserver"]
    from django.test.utils import setup_test_environment

    setup_test_environment()
    from django.core.management import call_command
    from django.db import connection

    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        call_command("createcachetable")
        run(args.measures, args.points)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(n_measures: int, n_points: int) -> None:
    from django.db import connection
    from django.test import Client

    from kaizen.accounts.roles import Role
    from kaizen.api.services import token_create
    from kaizen.measures.models import Measure
    from kaizen.testing import make_member, make_organisation

    org = make_organisation()
    user = make_member(org, Role.ADMIN, "bench@riverside.example")
    ids = [
        m.pk
        for m in Measure.objects.bulk_create(
            Measure(organisation=org, name=f"Measure {i:03}", frequency="weekly")
            for i in range(n_measures)
        )
    ]
    _, secret = token_create(user=user, organisation=org, name="Bench", scope="write", days=1)
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    monday = dt.date(2020, 1, 6)
    weeks = [(monday + dt.timedelta(weeks=w)).isoformat() for w in range(n_points)]
    for label, shift in (("new", 0.0), ("all changed", 1.5)):
        body = json.dumps(
            {
                "points": [
                    {"measure": pk, "period": week, "value": 10 + (w % 7) + shift}
                    for pk in ids
                    for w, week in enumerate(weeks)
                ]
            }
        )
        started, cpu, server = time.perf_counter(), time.process_time(), _server_cpu()
        response = client.post("/api/v1/datapoints", body, content_type="application/json")
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        server = _server_cpu() - server
        assert response.status_code == 200, response.content[:500]
        print(
            f"API bulk upsert on {connection.vendor}, {label}: {n_measures * n_points:,} points "
            f"of {n_measures} measures ({len(body) / 1e6:.1f} MB) in {elapsed:.2f} s wall, "
            f"{cpu:.2f} s CPU in Django, {server:.2f} s CPU in the database server; charts "
            f"refreshed; {response.json()} (target: at most 5 s on PostgreSQL); "
            f"load average {os.getloadavg()[0]:.1f}"
        )


def _server_cpu() -> float:
    """The CPU seconds the PostgreSQL backend serving this connection has used, read from
    /proc when the server runs on this machine (0 otherwise, and on SQLite, which runs in
    this process). On a shared machine the wall time includes waiting for a core; the CPU
    times do not."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # utime and stime, the 14th and 15th fields (the 12th and 13th after the name).
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    main()
