"""The outbox: notifying writes rows; email goes after commit through the task queue, is
retried with backoff when the mail server fails, and is kept for an admin when it never works."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings

from kaizen.accounts.models import Organisation, User
from kaizen.activity import tasks
from kaizen.activity.models import FailedTask, Notification, NotificationPreference, ScheduledJob
from kaizen.activity.scheduler import enqueue_due_jobs
from kaizen.imports.checks import Row
from kaizen.imports.services import import_rows
from kaizen.measures.models import DataPoint
from kaizen.projects import services
from kaizen.projects.models import MeasureLink
from kaizen.projects.tests.factories import make_cycle, make_idea, make_measure, make_project

FAILING = "kaizen.activity.tests.failing_mail.EmailBackend"
START = dt.date(2026, 1, 5)


def run_worker() -> None:
    """One pass of the database worker: every task that is due, then stop. The worker closes
    connections between tasks as requests do, which would close the test's transaction on
    PostgreSQL; here it keeps it."""
    with mock.patch(f"{db_worker.__name__}.close_old_connections"):
        call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)


def test_an_smtp_failure_during_an_upload_keeps_the_upload_and_queues_the_mail(
    org: Organisation,
    staff_user: User,
    settings: Settings,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.EMAIL_BACKEND = FAILING
    NotificationPreference.objects.create(user=staff_user, frequency="immediately")
    measure = make_measure(org, [10.0, 11.0] * 10, start=START)
    cycle = make_cycle(make_idea(make_project(org, staff_user), staff_user), staff_user)
    services.cycle_update(
        cycle=cycle,
        by=staff_user,
        version=cycle.version,
        values={"started_on": START + dt.timedelta(weeks=20)},
    )
    link = services.measure_link_add(
        project=cycle.idea.project,
        measure=measure,
        by=staff_user,
        cycle=cycle,
        direction="decrease",
    )
    assert link.verdict == MeasureLink.Verdict.TOO_FEW  # no data since the change started
    Notification.objects.update(emailed_at=timezone.now())  # what the link itself caused
    later = [START + dt.timedelta(weeks=20 + i) for i in range(8)]
    rows = [  # a clear drop
        Row(
            number=i,
            measure_id=measure.pk,
            period=p,
            value=2.0,
            numerator=None,
            denominator=None,
            note="",
        )
        for i, p in enumerate(later, start=2)
    ]

    # imports -> measure refresh -> verdict refresh -> notify, and the commit's email hooks.
    with django_capture_on_commit_callbacks(execute=True) as hooks:
        import_rows(rows, organisation=org, by=staff_user, source="upload")
    assert hooks, "the email was handed to the task queue on commit"

    assert DataPoint.objects.filter(measure=measure).count() == 28  # the upload is stored
    link.refresh_from_db()
    assert link.verdict == MeasureLink.Verdict.AS_PREDICTED
    note = Notification.objects.get(recipient=staff_user, emailed_at=None, kind="verdict")
    queued = DBTaskResult.objects.get(task_path="kaizen.activity.tasks.send_notification_email")
    assert queued.args_kwargs["kwargs"]["notification_id"] == note.pk

    run_worker()  # the mail server is down: the attempt fails and a retry waits
    queued.refresh_from_db()
    assert queued.status == "FAILED"
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after > timezone.now() + dt.timedelta(minutes=1)
    assert not FailedTask.objects.exists()
    note.refresh_from_db()
    assert note.emailed_at is None

    # The server is back: the retry delivers it, once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    note.refresh_from_db()
    assert note.emailed_at is not None
    assert [m.to for m in mail.outbox] == [[staff_user.email]]


def test_a_task_failing_every_attempt_is_kept_for_an_admin_who_can_retry_it(
    org: Organisation,
    other_org: Organisation,
    staff_user: User,
    admin_user: User,
    outsider: User,
    settings: Settings,
    client_for: Callable[[User], Client],
) -> None:
    settings.EMAIL_BACKEND = FAILING
    note = Notification.objects.create(
        organisation=org, recipient=staff_user, kind="comment", text="Hello", **_about(org)
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


def _about(org: Organisation) -> dict[str, Any]:
    from kaizen.activity.models import about

    return about(org)


def test_the_scheduler_enqueues_each_due_job_once_however_many_run(db: None) -> None:
    now = timezone.now()
    assert sorted(enqueue_due_jobs(now=now)) == ["cycles-due-for-study", "digests"]
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
    settings.EMAIL_BACKEND = FAILING
    Notification.objects.create(
        organisation=org, recipient=staff_user, kind="comment", text="Hello", **_about(org)
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
    settings.EMAIL_BACKEND = FAILING
    note = Notification.objects.create(
        organisation=org, recipient=staff_user, kind="comment", text="Hi", **_about(org)
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
