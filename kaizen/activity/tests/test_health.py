"""The task queue's health check: a worker that stopped taking tasks takes the instance out."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kaizen.activity.tasks import send_digests

pytestmark = pytest.mark.django_db


def test_a_queue_that_keeps_up_is_healthy(client: Client) -> None:
    send_digests.enqueue()
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["checks"]["task_queue"] == "ok"


def test_a_task_waiting_over_ten_minutes_means_no_worker(client: Client) -> None:
    send_digests.enqueue()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=11))
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["checks"]["task_queue"] == "failing"


def test_a_retry_due_later_is_not_a_stalled_queue(client: Client) -> None:
    send_digests.using(run_after=timezone.now() + dt.timedelta(minutes=16)).enqueue()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=30))
    assert client.get("/health/").json()["checks"]["task_queue"] == "ok"
