"""Suites must not leak into each other. The browser journeys run Playwright's event loop and
allow Django's async-unsafe calls while they run; every other test must see neither. pytest-django
runs transactional tests (the journeys) after the others and tests without a database last, and
this file is collected after tests/browser, so a whole run checks what the journeys leave behind."""

from __future__ import annotations

import asyncio
import os

import pytest

from kaizen.accounts.models import User


def test_the_async_unsafe_switch_is_off_outside_browser_tests() -> None:
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ


@pytest.mark.django_db(transaction=True)
def test_no_event_loop_is_left_running_for_the_orm() -> None:
    with pytest.raises(RuntimeError):
        asyncio.get_running_loop()
    # Django refuses ORM calls (SynchronousOnlyOperation) inside a running loop unless switched.
    assert User.objects.count() == 0
