"""How does Kaizen hold up under load? (targets: 150 requests/s with 50 people without pause;
p95 at most 300 ms with 50 people pausing 1 s between requests)

Builds a throwaway installation with the demo trust (SQLite in a temporary KAIZEN_VAR_DIR, or with
``--postgres URL`` a database created on that server and dropped afterwards), serves it with the
production server (gunicorn, as ``make serve`` does) on a free loopback port, and drives it with
locust, headless, through bench/locustfile.py: the board summary, measure charts, the portfolio
and data entry, each person signed in. Two runs: without pause (throughput) and with a 1 s pause
(latency at a steady load). Everything it starts it stops; traffic goes to 127.0.0.1 only.

    .venv/bin/python bench/load_bench.py [--postgres URL] [--users 50] [--seconds 30] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SCENARIOS = {"no pause": 0.0, "1 s pause": 1.0}

# The demo trust's measures, the ones a ward enters values into, and one signed-in session per
# simulated person (signing in is scrypt, deliberately slow: it is not the mix being measured),
# as JSON on one line.
DEMO_FACTS = """
import json
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from kaizen.accounts.models import Organisation
from kaizen.demo.catalogue import DEMO_PASSWORD, TRUST_SLUG
from kaizen.measures.models import Measure
org = Organisation.objects.get(slug=TRUST_SLUG)
measures = list(Measure.objects.filter(organisation=org))
people = [ms.user for ms in org.memberships.select_related("user")
          if ms.role in ("staff", "coach", "leader")]
entry = [m for m in measures if not m.is_ratio and not m.computed][:10]
for measure in entry:
    # The ward's people enter its figures: they are the measure's data-entry group.
    measure.data_entry.add(*people)
sessions = []
for number in range(USERS):
    user = people[number % len(people)]
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    sessions.append(session.session_key)
print(json.dumps({
    "org": org.slug,
    "measures": [m.pk for m in measures],
    "entry": [m.pk for m in entry],
    "cookie": settings.SESSION_COOKIE_NAME,
    "sessions": sessions,
}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", help="postgres://user@host:port (a server)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    with installation(args.postgres) as env:
        script = DEMO_FACTS.replace("USERS", str(args.users))
        facts = json.loads(manage(env, "shell", "-c", script).strip().splitlines()[-1])
        env.update(
            KAIZEN_LOAD_ORG=facts["org"],
            KAIZEN_LOAD_MEASURES=",".join(map(str, facts["measures"])),
            KAIZEN_LOAD_ENTRY=",".join(map(str, facts["entry"])),
            KAIZEN_LOAD_COOKIE=facts["cookie"],
            KAIZEN_LOAD_SESSIONS=",".join(facts["sessions"]),
        )
        with server(env) as host:
            figures = {
                name: drive(env, host, pause=pause, users=args.users, seconds=args.seconds)
                for name, pause in SCENARIOS.items()
            }
    figures["database"] = "PostgreSQL" if args.postgres else "SQLite"
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print_table(figures)


@contextmanager
def installation(postgres: str | None) -> Iterator[dict[str, str]]:
    """A migrated installation with the demo trust, and the environment that points at it."""
    var_dir = tempfile.mkdtemp(prefix="kaizen-load-")
    env = {**os.environ, "KAIZEN_VAR_DIR": var_dir, "DEBUG": "false", "LOG_LEVEL": "WARNING"}
    env.pop("DATABASE_URL", None)
    database = f"kaizen_load_{os.getpid()}"
    if postgres:
        psql(postgres, f"CREATE DATABASE {database}")
        env["DATABASE_URL"] = f"{postgres.rstrip('/')}/{database}"
    try:
        manage(env, "migrate", "--noinput")
        manage(env, "load_demo")
        yield env
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
        if postgres:
            psql(postgres, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


def psql(server_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{server_url.rstrip('/')}/postgres", autocommit=True) as connection:
        connection.execute(statement)  # type: ignore[arg-type]


def manage(env: dict[str, str], *arguments: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *arguments],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@contextmanager
def server(env: dict[str, str]) -> Iterator[str]:
    """gunicorn as `make serve` runs it, on a free loopback port; stopped on the way out."""
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", str(ROOT / "gunicorn.conf.py")],
        env={**env, "BIND": f"127.0.0.1:{port}"},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    host = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(host + "/sign-in/")
        yield host
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server did not answer at {url} within {timeout:.0f} s")


def drive(env: dict[str, str], host: str, *, pause: float, users: int, seconds: int) -> dict:
    """One headless locust run; its aggregated figures."""
    with tempfile.TemporaryDirectory(prefix="kaizen-locust-") as out:
        subprocess.run(
            [
                str(BIN / "locust"),
                "--locustfile",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--only-summary",
                "--host",
                host,
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{seconds}s",
                "--stop-timeout",
                "10",
                "--csv",
                f"{out}/run",
            ],
            env={**env, "KAIZEN_LOAD_PAUSE": str(pause)},
            cwd=ROOT,
            capture_output=True,
            check=False,  # locust exits 1 when any request failed; the figures say how many
            timeout=seconds + 120,
        )
        with open(f"{out}/run_stats.csv", newline="") as stats:
            rows = {row["Name"]: row for row in csv.DictReader(stats) if row["Type"] != "GET+"}
    return {name: figures_of(row) for name, row in rows.items()}


def figures_of(row: dict[str, str]) -> dict[str, Any]:
    return {
        "requests": int(row["Request Count"]),
        "errors": int(row["Failure Count"]),
        "requests_per_s": round(float(row["Requests/s"]), 1),
        "p50_ms": float(row["50%"]),
        "p95_ms": float(row["95%"]),
        "p99_ms": float(row["99%"]),
    }


def print_table(figures: dict[str, Any]) -> None:
    print(f"Load on gunicorn over loopback, {figures['database']}")
    header = f"{'scenario':<11} {'request':<14} {'count':>7} {'errors':>6} {'req/s':>7}"
    print(header + f" {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for scenario in SCENARIOS:
        for name, row in figures[scenario].items():
            print(
                f"{scenario:<11} {name:<14} {row['requests']:>7} {row['errors']:>6} "
                f"{row['requests_per_s']:>7} {row['p50_ms']:>7.0f} {row['p95_ms']:>7.0f} "
                f"{row['p99_ms']:>7.0f}"
            )


if __name__ == "__main__":
    main()
