"""How long the portfolio of 1,000 projects takes to render (target: at most 300 ms).

Builds a throwaway database (SQLite in memory, or PostgreSQL when DATABASE_URL is set: a test
database is created and dropped), fills one organisation with 1,000 projects with teams, change
ideas, cycles and verdicts, then renders /o/<org>/projects/ through Django's test client and
reports the median and worst of several runs, and the number of queries.

    .venv/bin/python bench/portfolio_bench.py [--projects 1000] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaizen.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    import django
    from django.conf import settings

    if not os.getenv("DATABASE_URL"):
        os.environ["KAIZEN_VAR_DIR"] = os.environ.get("KAIZEN_VAR_DIR", "/tmp/kaizen-bench")
    django.setup()
    settings.ALLOWED_HOSTS = ["testserver"]
    from django.test.utils import setup_test_environment

    setup_test_environment()
    from django.db import connection

    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        run(args.projects, args.runs)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(n_projects: int, runs: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    org, user = populate(n_projects)
    client = Client()
    client.force_login(user)
    url = f"/o/{org.slug}/projects/"
    client.get(url)  # warm caches (templates, query plans)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    engine = connection.vendor
    print(
        f"portfolio of {n_projects} projects on {engine}: "
        f"median {statistics.median(timings):.0f} ms, "
        f"worst {max(timings):.0f} ms over {runs} runs, {len(queries)} queries "
        f"(target: at most 300 ms)"
    )


def populate(n_projects: int):  # type: ignore[no-untyped-def]
    from kaizen.accounts.models import Membership, Organisation, OrgUnit, User, ValueStream
    from kaizen.accounts.roles import Role
    from kaizen.measures.models import Measure
    from kaizen.projects import services
    from kaizen.projects.models import (
        ChangeIdea,
        MeasureLink,
        PDSACycle,
        ProgrammeTag,
        Project,
        ProjectStatus,
        StrategicPriority,
        TeamMember,
    )

    org = Organisation.objects.create(name="Bench Trust", slug="bench")
    user = User.objects.create_user("bench@example.org", "bench-password-12345")
    Membership.objects.create(user=user, organisation=org, role=Role.STAFF)
    method = services.methods_install_defaults(organisation=org)
    stage = method.stages.first()
    statuses = list(ProjectStatus.objects.filter(organisation=org))
    units = [OrgUnit.objects.create(organisation=org, name=f"Ward {i}") for i in range(20)]
    streams = [ValueStream.objects.create(organisation=org, name=f"Stream {i}") for i in range(5)]
    priorities = [
        StrategicPriority.objects.create(organisation=org, name=f"Priority {i}") for i in range(4)
    ]
    tags = [ProgrammeTag.objects.create(organisation=org, name=n) for n in ("GIRFT", "CQUIN")]
    projects = Project.objects.bulk_create(
        Project(
            organisation=org,
            method=method,
            stage=stage,
            status=statuses[i % len(statuses)],
            title=f"Project {i:04d}",
            problem="A problem worth solving",
            aim_what="Improve something",
            aim_how_much="from 10 to 5",
            lead=user,
            unit=units[i % len(units)],
            value_stream=streams[i % len(streams)],
            priority=priorities[i % len(priorities)],
            fidelity=(i * 7) % 101,
        )
        for i in range(n_projects)
    )
    Project.tags.through.objects.bulk_create(
        Project.tags.through(project_id=p.pk, programmetag_id=tags[i % 2].pk)
        for i, p in enumerate(projects)
    )
    TeamMember.objects.bulk_create(
        TeamMember(
            project=p,
            name=f"Member {k}",
            role="Nurse" if k else "Patient partner",
            is_patient_partner=k == 0 and i % 3 == 0,
            involvement="co_designed" if k == 0 and i % 3 == 0 else "",
        )
        for i, p in enumerate(projects)
        for k in range(4)
    )
    ideas = ChangeIdea.objects.bulk_create(
        ChangeIdea(project=p, title=f"Idea {k}") for p in projects for k in range(3)
    )
    cycles = PDSACycle.objects.bulk_create(
        PDSACycle(idea=idea, number=k + 1, title=f"Cycle {k}", objective="Test it")
        for idea in ideas
        for k in range(2)
    )
    measure = Measure.objects.create(organisation=org, name="Falls per 1,000 bed days")
    verdicts = [v for v, _ in MeasureLink.Verdict.choices]
    MeasureLink.objects.bulk_create(
        MeasureLink(
            project_id=cycle.idea.project_id,
            cycle=cycle,
            measure=measure,
            direction="decrease",
            verdict=verdicts[i % len(verdicts)],
        )
        for i, cycle in enumerate(cycles[::2])
    )
    return org, user


if __name__ == "__main__":
    main()
