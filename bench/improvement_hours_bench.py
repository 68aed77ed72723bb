"""How fast is the page of hours released for improvement for a big trust? (no target set; the
figure is reported)

15,000 staff in 300 units (10 divisions of 29 wards and teams), 5 years of training sessions
(two places a person a year, three in four marked present) and 5 years of events (one a
fortnight, ten people released each), in a throwaway database (see platform_bench.py). Times
the page (the last 12 months, every unit rolled up) through Django's test client: best and
median of 9, by the clock and in processor time.

    .venv/bin/python bench/improvement_hours_bench.py [--postgres URL] [--json]
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from platform_bench import command_line, organisation_and_member, timed_get
from training_dosage_bench import (
    DIVISIONS,
    RUNS,
    STAFF,
    UNITS_PER_DIVISION,
    cpu_timed_get,
    print_figures,
)

YEARS = 5
PLACES_PER_PERSON_A_YEAR = 2
SESSION_CAPACITY = 12
EVENT_EVERY_DAYS = 14
RELEASED_PER_EVENT = 10
SEED = 20261205


def main() -> None:
    command_line(__doc__, measure_hours, print_figures)


def measure_hours() -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    organisation, user = organisation_and_member()
    started = time.perf_counter()
    counts = big_trust(organisation)
    setup_seconds = time.perf_counter() - started
    client = Client()
    client.force_login(user)
    url = reverse("events:hours", kwargs={"org": organisation.slug})
    return {
        "database": connection.vendor,
        "staff": STAFF,
        "units": DIVISIONS * (UNITS_PER_DIVISION + 1),
        **counts,
        "setup_seconds": round(setup_seconds, 1),
        "hours_page": timed_get(client, url, runs=RUNS),
        "hours_page_cpu": cpu_timed_get(client, url),
        "load_average": Path("/proc/loadavg").read_text().split()[:3],
    }


def big_trust(organisation: Any) -> dict[str, int]:
    from kaizen.accounts.models import Membership, OrgUnit, User
    from kaizen.events.models import Event, Participant
    from kaizen.training.models import Booking, Course, Session
    from kaizen.training.services import tiers_install_defaults

    rng = random.Random(SEED)
    leaves = []
    for d in range(DIVISIONS):
        division = OrgUnit.objects.create(organisation=organisation, name=f"Division {d}")
        leaves += OrgUnit.objects.bulk_create(
            OrgUnit(organisation=organisation, parent=division, name=f"Ward {d}-{u}")
            for u in range(UNITS_PER_DIVISION)
        )
    users = User.objects.bulk_create(
        User(email=f"staff{i}@bench.example", full_name=f"Staff {i}") for i in range(STAFF)
    )
    Membership.objects.bulk_create(
        Membership(user=u, organisation=organisation, unit=rng.choice(leaves)) for u in users
    )
    tiers_install_defaults(organisation=organisation)
    course = Course.objects.create(
        organisation=organisation, tier=organisation.tiers.first(), title="Foundations"
    )
    now = dt.datetime.now(dt.UTC)
    first = now - dt.timedelta(days=365 * YEARS)
    places = STAFF * PLACES_PER_PERSON_A_YEAR * YEARS
    sessions = Session.objects.bulk_create(
        (
            Session(
                course=course,
                starts_at=(starts := first + dt.timedelta(hours=rng.randrange(365 * YEARS * 24))),
                ends_at=starts + dt.timedelta(hours=rng.choice((2, 3, 7))),
                place="Education centre",
                capacity=SESSION_CAPACITY,
            )
            for _ in range(places // SESSION_CAPACITY)
        ),
        batch_size=5000,
    )
    Booking.objects.bulk_create(
        (
            Booking(
                session=session,
                person=person,
                status=Booking.Status.BOOKED,
                attendance="present" if rng.random() < 0.75 else "absent",
                created_at=session.starts_at - dt.timedelta(days=14),
            )
            for session in sessions
            for person in rng.sample(users, SESSION_CAPACITY)
        ),
        batch_size=5000,
    )
    events = Event.objects.bulk_create(
        Event(
            organisation=organisation,
            title=f"RPIW {n}",
            unit=rng.choice(leaves),
            starts_on=(day := first.date() + dt.timedelta(days=n * EVENT_EVERY_DAYS)),
            ends_on=day + dt.timedelta(days=4),
        )
        for n in range(365 * YEARS // EVENT_EVERY_DAYS)
    )
    Participant.objects.bulk_create(
        Participant(event=event, person=person, release_hours=Decimal("37.5"))
        for event in events
        for person in rng.sample(users, RELEASED_PER_EVENT)
    )
    return {
        "places": len(sessions) * SESSION_CAPACITY,
        "events": len(events),
        "released": len(events) * RELEASED_PER_EVENT,
    }


if __name__ == "__main__":
    main()
