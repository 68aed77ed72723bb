"""Send due notification digests, and notify teams of cycles due for study, in this process.

The worker and `manage.py run_scheduler` do this in production (see the README); this command
stays for an installation that prefers cron and no worker. Each person's next digest time is
claimed with an optimistic update, so it and the scheduler never send the same digest twice.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from kaizen.activity.outbox import send_due_digests
from kaizen.projects.services import cycles_due_for_study_notify


class Command(BaseCommand):
    help = "Send due notification digests and notify teams of cycles due for study."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep running, every minute")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            due = cycles_due_for_study_notify(today=timezone.localdate())
            sent = send_due_digests(now=timezone.now())
            self.stdout.write(f"{due} cycles newly due for study; {sent} digests sent")
            if not options["loop"]:
                return
            time.sleep(60)
