"""The outbox: notifying writes rows; email goes after commit through the task queue, is
retried with backoff when the mail server fails, and is kept for an admin when it never works."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings

from kaizen.accounts.models import Organisation, User
from kaizen.activity import tasks
from kaizen.activity.models import (
    FailedTask,
    Notification,
    NotificationPreference,
    ScheduledJob,
    about,
)
from kaizen.activity.scheduler import enqueue_due_jobs
from kaizen.activity.testing import FAILING_EMAIL_BACKEND, run_worker


def test_a_task_failing_every_attempt_is_kept_for_an_admin_who_can_retry_it(
    org: Organisation,
    other_org: Organisation,
    staff_user: User,
    admin_user: User,
    outsider: User,
    settings: Settings,
    client_for: Callable[[User], Client],
) -> None:
    settings.EMAIL_BACKEND = FAILING_EMAIL_BACKEND
    note = Notification.objects.create(
        organisation=org, recipient=staff_user, kind="comment", text="Hello", **about(org)
    )
    tasks.send_notification_email.enqueue(notification_id=note.pk, organisation_id=org.pk)
    for _ in range(tasks.MAX_ATTEMPTS):
        run_worker()
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    failed = FailedTask.objects.get()
    assert failed.attempts == tasks.MAX_ATTEMPTS
    assert "SMTPServerDisconnected" in failed.error
    assert DBTaskResult.objects.filter(status="FAILED").count() == tasks.MAX_ATTEMPTS

    url = reverse("failed_tasks", args=[org.slug])
    assert client_for(staff_user).get(url).status_code == 403
    assert "send notification email" in client_for(admin_user).get(url).content.decode()
    # Another organisation's admin sees none of it and cannot retry it.
    other = reverse("failed_tasks", args=[other_org.slug])
    assert "send notification email" not in client_for(outsider).get(other).content.decode()
    assert client_for(outsider).post(other, {"pk": failed.pk}).status_code == 404

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert client_for(admin_user).post(url, {"pk": failed.pk}).status_code == 302
    run_worker()
    note.refresh_from_db()
    assert note.emailed_at is not None
    assert "send notification email" not in client_for(admin_user).get(url).content.decode()


def test_the_scheduler_enqueues_each_due_job_once_however_many_run(db: None) -> None:
    now = timezone.now()
    # Every scheduled job, whichever apps add them (the programme's indicators, ...).
    assert sorted(enqueue_due_jobs(now=now)) == sorted(django_settings.KAIZEN_SCHEDULE)
    assert enqueue_due_jobs(now=now) == []  # a second scheduler at the same moment
    assert enqueue_due_jobs(now=now + dt.timedelta(minutes=6)) == ["digests"]
    assert DBTaskResult.objects.filter(task_path="kaizen.activity.tasks.send_digests").count() == 2
    assert ScheduledJob.objects.get(name="cycles-due-for-study").next_run_at == now + dt.timedelta(
        days=1
    )
    run_worker()
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()


def test_a_digest_that_cannot_be_sent_stays_due(
    org: Organisation, staff_user: User, settings: Settings
) -> None:
    settings.EMAIL_BACKEND = FAILING_EMAIL_BACKEND
    Notification.objects.create(
        organisation=org, recipient=staff_user, kind="comment", text="Hello", **about(org)
    )
    NotificationPreference.objects.create(user=staff_user, frequency="daily")
    tasks.send_digests.enqueue()
    run_worker()
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # the retry
    preference = NotificationPreference.objects.get(user=staff_user)
    assert preference.next_digest_at is None  # not claimed: the next pass sends it
    assert Notification.objects.get().emailed_at is None


def test_a_backend_that_cannot_defer_keeps_a_failure_at_once(
    org: Organisation, staff_user: User, settings: Settings, immediate_tasks: None
) -> None:
    settings.EMAIL_BACKEND = FAILING_EMAIL_BACKEND
    note = Notification.objects.create(
        organisation=org, recipient=staff_user, kind="comment", text="Hi", **about(org)
    )
    tasks.send_notification_email.enqueue(notification_id=note.pk, organisation_id=org.pk)
    assert FailedTask.objects.get().organisation == org


def record_run(*, name: str) -> str:
    """A job for the generic hook, leaving a trace."""
    ScheduledJob.objects.create(name=name, next_run_at=timezone.now())
    return name


def test_the_generic_job_hook_runs_a_function_by_path_and_keeps_a_failure(
    org: Organisation, immediate_tasks: None
) -> None:
    done = tasks.run_job.enqueue(path=f"{__name__}.record_run", kwargs={"name": "pack"})
    assert done.return_value == "pack"
    assert ScheduledJob.objects.filter(name="pack").exists()
    tasks.run_job.enqueue(path=f"{__name__}.no_such_job", kwargs={}, organisation_id=org.pk)
    failed = FailedTask.objects.get()
    assert (failed.organisation, failed.kwargs["path"]) == (org, f"{__name__}.no_such_job")
