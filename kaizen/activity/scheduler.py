"""Scheduled jobs: enqueue each task of settings.KAIZEN_SCHEDULE when it is due.

django-tasks has no scheduler. The one add-on that offers one (django-periodic-tasks) is at
0.2 with few users, and Kaizen needs only two interval jobs, so this is a loop over a small
table: a run is claimed by moving ScheduledJob.next_run_at on with a conditional UPDATE, which
only one of several schedulers (or cron-run passes) can win. The worker then runs the task,
with the retries every Kaizen task has.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.module_loading import import_string

from kaizen.activity.models import ScheduledJob


def enqueue_due_jobs(*, now: dt.datetime) -> list[str]:
    """Enqueue every job due at ``now``; return the names of those this call claimed."""
    claimed = []
    for name, (path, every_seconds) in settings.KAIZEN_SCHEDULE.items():
        job, _ = ScheduledJob.objects.get_or_create(name=name, defaults={"next_run_at": now})
        if job.next_run_at > now:
            continue
        won = ScheduledJob.objects.filter(pk=job.pk, next_run_at=job.next_run_at).update(
            next_run_at=now + dt.timedelta(seconds=every_seconds), last_run_at=now
        )
        if won:
            import_string(path).enqueue()
            claimed.append(name)
    return claimed
