"""Background work on django-tasks (the backport of Django's tasks framework) with its
database backend: mail, digests, and a generic hook for other long jobs.

django-tasks runs each attempt once; Kaizen adds the retries. Every Kaizen task takes an
``attempt`` keyword: when one fails, the receiver below enqueues it again with a growing delay,
and after MAX_ATTEMPTS keeps it as a FailedTask, listed for admins with a retry button.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.dispatch import receiver
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResult, TaskResultStatus, task
from django_tasks.signals import task_finished

from kaizen.activity import outbox
from kaizen.activity.models import FailedTask

MAX_ATTEMPTS = 5


def backoff(attempt: int) -> dt.timedelta:
    """2, 4, 8, 16 minutes: an SMTP server back within half an hour loses nothing."""
    return dt.timedelta(minutes=2**attempt)


# ``organisation_id`` (whose admins see a final failure) and ``attempt`` are read by
# retry_or_keep below, not by the tasks themselves.


@task()
def send_notification_email(
    *, notification_id: int, organisation_id: int | None = None, attempt: int = 1
) -> bool:
    return outbox.deliver(notification_id=notification_id)


@task()
def send_digests(*, attempt: int = 1) -> int:
    return outbox.send_due_digests(now=timezone.now())


@task()
def run_job(
    *, path: str, kwargs: dict[str, Any], organisation_id: int | None = None, attempt: int = 1
) -> Any:
    """The hook for long work (large imports, PDF packs, refreshes): call the module-level
    function at ``path`` with ``kwargs`` (JSON values), with the retries every task has."""
    return import_string(path)(**kwargs)


@receiver(task_finished, dispatch_uid="activity.retry_or_keep")
def retry_or_keep(sender: object, *, task_result: TaskResult[Any], **kwargs: object) -> None:
    task_ = task_result.task
    if task_result.status != TaskResultStatus.FAILED or not task_.module_path.startswith("kaizen."):
        return
    attempt = int(task_result.kwargs.get("attempt", 1))
    if attempt < MAX_ATTEMPTS and task_.get_backend().supports_defer:
        task_.using(run_after=timezone.now() + backoff(attempt)).enqueue(
            *task_result.args, **{**task_result.kwargs, "attempt": attempt + 1}
        )
        return
    error = task_result.errors[-1] if task_result.errors else None
    FailedTask.objects.create(
        organisation_id=task_result.kwargs.get("organisation_id"),
        task_path=task_.module_path,
        args=list(task_result.args),
        kwargs=dict(task_result.kwargs),
        attempts=attempt,
        error=error.traceback if error else "",
    )


def retry_failed(*, failed: FailedTask) -> None:
    """An admin's retry: a fresh run with all its attempts."""
    task_ = import_string(failed.task_path)
    task_.enqueue(*failed.args, **{**failed.kwargs, "attempt": 1})
    FailedTask.objects.filter(pk=failed.pk).update(retried_at=timezone.now())
