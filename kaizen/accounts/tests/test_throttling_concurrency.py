"""25 sign-in attempts at once: at most the limit may check a password (PostgreSQL only:
SQLite serialises every write, so it cannot show a race)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import authenticate
from django.db import connection, connections
from django.http import HttpRequest
from django.test import Client
from pytest_django.fixtures import Settings

from kaizen.accounts.models import User
from kaizen.testing import PASSWORD

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a database with real concurrency"
)


@pytest.mark.django_db(transaction=True)
def test_parallel_attempts_check_no_more_passwords_than_the_limit(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.LOGIN_THROTTLE_ATTEMPTS = 5
    user = User.objects.create_user("target@riverside.example", PASSWORD)
    checks: list[str] = []

    def counting_authenticate(request: HttpRequest | None, **credentials: str) -> object:
        checks.append(credentials["password"])
        return authenticate(request, **credentials)

    monkeypatch.setattr("kaizen.accounts.forms.authenticate", counting_authenticate)

    together = threading.Barrier(25)

    def attempt(password: str) -> int:
        try:
            together.wait(timeout=30)
            data = {"email": user.email, "password": password}
            return Client().post("/sign-in/", data, REMOTE_ADDR="198.51.100.7").status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=25) as pool:
        statuses = list(pool.map(attempt, [f"guess-{n}" for n in range(25)]))
    assert len(checks) <= 5
    assert statuses.count(429) >= 20
    # Locked: the right password is refused without being checked.
    client = Client()
    data = {"email": user.email, "password": PASSWORD}
    assert client.post("/sign-in/", data, REMOTE_ADDR="198.51.100.7").status_code == 429
    assert "_auth_user_id" not in client.session
    assert len(checks) <= 5
