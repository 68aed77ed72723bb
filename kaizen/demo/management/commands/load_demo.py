"""`manage.py load_demo`: create the demo trust (or complete it) and say how to sign in."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from kaizen.api.demo import DEMO_TOKEN
from kaizen.demo.catalogue import DEMO_PASSWORD, PEOPLE
from kaizen.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo organisation, its people, measures and data. Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of",
            type=dt.date.fromisoformat,
            help="Pretend today is this date (YYYY-MM-DD); the data end the week before",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        demo = load_demo(as_of=options["as_of"])
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{demo.organisation.name}: {demo.organisation.measures.count()} measures, "
            f"{demo.new_points} new data points ({elapsed:.1f} s)."
        )
        self.stdout.write(f"Sign in at {settings.SITE_URL} with the password {DEMO_PASSWORD} as:")
        shown: set[str] = set()
        for person in PEOPLE:
            if person.role not in shown:
                shown.add(person.role)
                self.stdout.write(f"  {person.email:<32} ({person.role.replace('_', ' ')})")
        self.stdout.write(
            f"API token (read and write, as the demo admin): {DEMO_TOKEN}\n"
            f"  curl -H 'Authorization: Bearer {DEMO_TOKEN}' {settings.SITE_URL}/api/v1/measures"
        )
