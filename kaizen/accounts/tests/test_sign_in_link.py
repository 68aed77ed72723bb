"""Signing in by an emailed link: how a person a stranger has locked out still gets in."""

from __future__ import annotations

import re
import time

import pytest
from django.core import mail
from django.test import Client
from pytest_django.fixtures import Settings

from kaizen.accounts import sign_in_flow
from kaizen.accounts.models import User


def ask_for_link(client: Client, email: str, address: str = "10.0.0.1") -> int:
    return client.post("/sign-in/link/", {"email": email}, REMOTE_ADDR=address).status_code


def emailed_link() -> str:
    match = re.search(r"http://testserver(/sign-in/link/\S+/)", str(mail.outbox[-1].body))
    assert match
    return match.group(1)


def test_a_locked_out_person_signs_in_by_an_emailed_link(
    client: Client, staff_user: User, settings: Settings
) -> None:
    settings.LOGIN_THROTTLE_ACCOUNT_ATTEMPTS = 3
    for n in range(3):
        client.post(
            "/sign-in/",
            {"email": staff_user.email, "password": "stranger-guess"},
            REMOTE_ADDR=f"203.0.113.{n}",
        )
    r = client.post("/sign-in/", {"email": staff_user.email, "password": "x"})
    assert r.status_code == 429
    assert b"Email me a sign-in link" in r.content

    assert ask_for_link(client, staff_user.email) == 200
    assert mail.outbox[-1].to == [staff_user.email]
    link = emailed_link()
    assert client.get(link).status_code == 200  # a button; a mail scanner uses nothing up
    assert "_auth_user_id" not in client.session
    r = client.post(link)
    assert r.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_user.pk)


def test_a_link_works_only_once(client: Client, staff_user: User) -> None:
    ask_for_link(client, staff_user.email)
    link = emailed_link()
    client.post(link)
    client.post("/sign-out/")
    r = client.post(link)
    assert r.status_code == 410
    assert b"already been used" in r.content
    assert "_auth_user_id" not in client.session


def test_a_link_expires(
    client: Client, staff_user: User, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    ask_for_link(client, staff_user.email)
    link = emailed_link()
    later = time.time() + settings.LOGIN_LINK_MAX_AGE + 1
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    r = client.post(link)
    assert r.status_code == 410
    assert b"expired" in r.content


def test_a_forged_link_is_refused(client: Client, staff_user: User) -> None:
    ask_for_link(client, staff_user.email)
    r = client.post(emailed_link().replace(":", "x", 1))
    assert r.status_code == 410
    assert "_auth_user_id" not in client.session


def test_it_does_not_reveal_whether_an_account_exists(client: Client, db: None) -> None:
    r = client.post("/sign-in/link/", {"email": "nobody@riverside.example"})
    assert r.status_code == 200
    assert b"Check your email" in r.content
    assert mail.outbox == []


def test_an_inactive_account_gets_no_link(client: Client, staff_user: User) -> None:
    staff_user.is_active = False
    staff_user.save()
    ask_for_link(client, staff_user.email)
    assert mail.outbox == []


def test_links_cannot_flood_an_inbox(client: Client, staff_user: User, settings: Settings) -> None:
    settings.LOGIN_THROTTLE_ATTEMPTS = 2
    assert [ask_for_link(client, staff_user.email) for _ in range(3)] == [200, 200, 429]
    assert len(mail.outbox) == 2


def test_a_link_for_someone_with_an_app_still_asks_for_the_code(
    client: Client, staff_user: User
) -> None:
    device = sign_in_flow.pending_app(staff_user)
    device.confirmed = True
    device.save()
    ask_for_link(client, staff_user.email)
    r = client.post(emailed_link())
    assert r["Location"] == "/sign-in/code/"
    assert "_auth_user_id" not in client.session
