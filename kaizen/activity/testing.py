"""Helpers for tests of any app that notifies: a mail server that is down, and one pass of
the task worker."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from typing import Any
from unittest import mock

from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django_tasks_db.management.commands import db_worker

FAILING_EMAIL_BACKEND = "kaizen.activity.testing.FailingEmailBackend"


class FailingEmailBackend(BaseEmailBackend):
    """An email backend whose server is down."""

    def send_messages(self, email_messages: Sequence[Any]) -> int:
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def run_worker() -> None:
    """One pass of the database worker: every task that is due, then stop. The worker closes
    connections between tasks as requests do, which would close the test's transaction on
    PostgreSQL; here it keeps it."""
    with mock.patch(f"{db_worker.__name__}.close_old_connections"):
        call_command("db_worker", batch=True, interval=0, startup_delay=False, verbosity=0)
