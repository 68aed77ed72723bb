from __future__ import annotations

import time

import pytest
from django.conf import settings as django_settings
from django.test import Client
from pytest_django.fixtures import Settings

from kaizen.accounts import throttling
from kaizen.accounts.models import User
from kaizen.testing import PASSWORD


@pytest.fixture(autouse=True)
def three_attempts(settings: Settings) -> None:
    settings.LOGIN_THROTTLE_ATTEMPTS = 3
    settings.LOGIN_THROTTLE_ADDRESS_ATTEMPTS = 5


def fail(client: Client, email: str, address: str = "10.0.0.1") -> int:
    r = client.post("/sign-in/", {"email": email, "password": "nope"}, REMOTE_ADDR=address)
    return r.status_code


def test_it_refuses_even_the_right_password_after_too_many_failures(
    client: Client, staff_user: User
) -> None:
    assert [fail(client, staff_user.email) for _ in range(3)] == [200, 200, 200]
    r = client.post(
        "/sign-in/", {"email": staff_user.email, "password": PASSWORD}, REMOTE_ADDR="10.0.0.2"
    )
    assert r.status_code == 429
    assert b"Too many failed sign-in attempts" in r.content
    assert "_auth_user_id" not in client.session


def test_it_throttles_one_address_trying_many_accounts(
    client: Client, staff_user: User, coach_user: User
) -> None:
    for n in range(5):
        fail(client, f"guess{n}@riverside.example")
    r = client.post(
        "/sign-in/", {"email": coach_user.email, "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert r.status_code == 429
    # The same account from another address is not affected.
    r = client.post(
        "/sign-in/", {"email": coach_user.email, "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert r.status_code == 302


def test_it_counts_emails_case_insensitively(client: Client, staff_user: User) -> None:
    spellings = ["Staff@Riverside.example", "STAFF@riverside.example", " staff@riverside.example"]
    for n, email in enumerate(spellings):
        fail(client, email, address=f"10.0.1.{n}")
    assert fail(client, staff_user.email, address="10.0.2.1") == 429


def test_it_forgets_an_accounts_failures_after_it_signs_in(
    client: Client, staff_user: User
) -> None:
    fail(client, staff_user.email, address="10.0.0.1")
    fail(client, staff_user.email, address="10.0.0.2")
    client.post(
        "/sign-in/", {"email": staff_user.email, "password": PASSWORD}, REMOTE_ADDR="10.0.0.3"
    )
    client.post("/sign-out/")
    fail(client, staff_user.email, address="10.0.0.4")
    fail(client, staff_user.email, address="10.0.0.5")
    assert fail(client, staff_user.email, address="10.0.0.6") == 200


def test_it_lets_people_in_again_after_the_window(
    client: Client, staff_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(3):
        fail(client, staff_user.email)
    assert fail(client, staff_user.email) == 429
    later = time.time() + django_settings.LOGIN_THROTTLE_WINDOW + 1
    monkeypatch.setattr(throttling, "now", lambda: later)
    assert fail(client, staff_user.email) == 200


def test_it_allows_more_failures_from_one_address_than_for_one_account(
    client: Client, coach_user: User
) -> None:
    # Colleagues behind one hospital address each mistype a password or two.
    for n in range(4):
        assert fail(client, f"colleague{n}@riverside.example") == 200
    r = client.post("/sign-in/", {"email": coach_user.email, "password": PASSWORD})
    assert r.status_code == 302


def test_it_takes_the_address_our_proxy_saw(client: Client, settings: Settings, db: None) -> None:
    settings.BEHIND_PROXY = True
    for n in range(5):
        client.post(
            "/sign-in/",
            {"email": f"guess{n}@riverside.example", "password": "nope"},
            HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 192.0.2.7",  # the left part forged each time
        )
    assert throttling.is_throttled("anyone@riverside.example", "192.0.2.7")
    assert not throttling.is_throttled("anyone@riverside.example", "10.9.9.0")
