from __future__ import annotations

import time

import pytest
from django.conf import settings as django_settings
from django.test import Client
from pytest_django.fixtures import Settings

from kaizen.accounts import throttling
from kaizen.accounts.models import SignInThrottle, User
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
        "/sign-in/", {"email": staff_user.email, "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
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
    for email in spellings:
        fail(client, email, address="10.0.1.1")
    assert fail(client, staff_user.email, address="10.0.1.1") == 429


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


def test_a_stranger_cannot_lock_a_person_out_from_another_address(
    client: Client, staff_user: User
) -> None:
    for _ in range(4):
        fail(client, staff_user.email, address="198.51.100.66")
    assert fail(client, staff_user.email, address="198.51.100.66") == 429
    r = client.post(
        "/sign-in/", {"email": staff_user.email, "password": PASSWORD}, REMOTE_ADDR="10.0.0.2"
    )
    assert r.status_code == 302


def test_it_stops_guessing_one_account_from_many_addresses(
    client: Client, staff_user: User, settings: Settings
) -> None:
    settings.LOGIN_THROTTLE_ACCOUNT_ATTEMPTS = 4
    for n in range(4):
        assert fail(client, staff_user.email, address=f"203.0.113.{n}") == 200
    assert fail(client, staff_user.email, address="203.0.113.99") == 429


def test_an_address_that_reaches_its_limit_is_blocked_for_longer(
    client: Client, db: None, monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    settings.LOGIN_THROTTLE_ADDRESS_BLOCK = 3 * settings.LOGIN_THROTTLE_WINDOW
    for n in range(5):
        fail(client, f"guess{n}@riverside.example")
    after_window = time.time() + settings.LOGIN_THROTTLE_WINDOW + 1
    monkeypatch.setattr(throttling, "now", lambda: after_window)
    assert fail(client, "another@riverside.example") == 429
    after_block = time.time() + settings.LOGIN_THROTTLE_ADDRESS_BLOCK + 1
    monkeypatch.setattr(throttling, "now", lambda: after_block)
    assert fail(client, "another@riverside.example") == 200


def test_colleagues_signing_in_behind_one_address_do_not_use_up_its_limit(
    client: Client, staff_user: User
) -> None:
    for _ in range(8):
        r = client.post("/sign-in/", {"email": staff_user.email, "password": PASSWORD})
        assert r.status_code == 302
        client.post("/sign-out/")


def test_it_forgets_keys_unused_for_a_day(client: Client, staff_user: User) -> None:
    fail(client, "old-guess@riverside.example", address="10.0.0.1")
    assert SignInThrottle.objects.filter(key__startswith="pair:").count() == 1
    SignInThrottle.objects.update(window_end=time.time() - 2 * 86_400 - 3_600)
    client.post("/sign-in/", {"email": staff_user.email, "password": PASSWORD})
    assert not SignInThrottle.objects.filter(key__contains=":10.0.0.1").exists()
