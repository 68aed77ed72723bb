"""Enqueue the scheduled jobs that are due (digests, cycles due for study); see
kaizen.activity.scheduler. Run it with --loop beside `manage.py db_worker`, or from cron."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from kaizen.activity.scheduler import enqueue_due_jobs


class Command(BaseCommand):
    help = "Enqueue the scheduled jobs that are due."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep running, every 30 seconds")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            claimed = enqueue_due_jobs(now=timezone.now())
            if claimed or not options["loop"]:
                self.stdout.write(f"Enqueued: {', '.join(claimed) or 'nothing due'}")
            if not options["loop"]:
                return
            time.sleep(30)
