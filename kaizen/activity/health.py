"""The task queue's part of GET /health/: its table answers and a worker keeps up with it."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

# Mail after commit is the queue's busiest work and goes out within seconds; a task that has been
# ready this long means no worker is taking tasks, and mail is piling up unseen.
STALLED_AFTER = dt.timedelta(minutes=10)


class QueueStalled(Exception):
    pass


def task_queue() -> None:
    cutoff = timezone.now() - STALLED_AFTER
    waiting = DBTaskResult.objects.ready().filter(
        Q(run_after=get_date_max(), enqueued_at__lte=cutoff) | Q(run_after__lte=cutoff)
    )
    if waiting.exists():
        raise QueueStalled(f"tasks ready for over {STALLED_AFTER}: is the worker running?")
