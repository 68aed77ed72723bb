"""The outbox seen from a project: an SMTP outage during an upload (imports -> measure refresh
-> verdict refresh -> notify) neither loses the upload nor the email."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings

from kaizen.accounts.models import Organisation, User
from kaizen.activity.models import FailedTask, Notification, NotificationPreference
from kaizen.activity.testing import FAILING_EMAIL_BACKEND, run_worker
from kaizen.imports.checks import Row
from kaizen.imports.services import import_rows
from kaizen.measures.models import DataPoint
from kaizen.projects import services
from kaizen.projects.models import MeasureLink
from kaizen.testing import WEEKLY_FALLS, make_cycle, make_idea, make_measure, make_project

START = dt.date(2026, 1, 5)


def test_an_smtp_failure_during_an_upload_keeps_the_upload_and_queues_the_mail(
    org: Organisation,
    staff_user: User,
    settings: Settings,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.EMAIL_BACKEND = FAILING_EMAIL_BACKEND
    NotificationPreference.objects.create(user=staff_user, frequency="immediately")
    measure = make_measure(org, [10.0, 11.0] * 10, by=staff_user, start=START, **WEEKLY_FALLS)
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
