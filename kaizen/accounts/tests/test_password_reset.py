from __future__ import annotations

import re
from collections.abc import Callable

from django.core import mail
from django.test import Client

from kaizen.accounts.models import User
from kaizen.testing import PASSWORD

NEW_PASSWORD = "a-brand-new-passphrase-77"


def reset_link(client: Client, email: str) -> str:
    client.post("/password/reset/", {"email": email})
    match = re.search(r"http://testserver(/password/reset/\S+/)", str(mail.outbox[-1].body))
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_it_emails_a_reset_link(client: Client, staff_user: User) -> None:
    r = client.post("/password/reset/", {"email": "Staff@Riverside.example"})
    assert r["Location"] == "/password/reset/sent/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [staff_user.email]
    assert mail.outbox[0].subject == "Reset your Kaizen password"


def test_it_says_the_same_for_an_unknown_address(client: Client, db: None) -> None:
    r = client.post("/password/reset/", {"email": "nobody@example.org"})
    # Same redirect as for a real account, so the form cannot be used to find accounts.
    assert r["Location"] == "/password/reset/sent/"
    assert mail.outbox == []


def test_it_sets_a_new_password_from_the_link(client: Client, staff_user: User) -> None:
    link = reset_link(client, staff_user.email)
    # Django swaps the token for a session marker and redirects to a token-free URL.
    form_url = client.get(link)["Location"]
    r = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert r["Location"] == "/password/reset/complete/"
    staff_user.refresh_from_db()
    assert staff_user.check_password(NEW_PASSWORD)


def test_it_refuses_a_link_used_once_already(client: Client, staff_user: User) -> None:
    link = reset_link(client, staff_user.email)
    form_url = client.get(link)["Location"]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    r = Client().get(link, follow=True)
    assert b"This link has expired" in r.content


def test_it_refuses_a_weak_new_password(client: Client, staff_user: User) -> None:
    form_url = client.get(reset_link(client, staff_user.email))["Location"]
    r = client.post(form_url, {"new_password1": "password", "new_password2": "password"})
    assert r.status_code == 200
    assert b"There is a problem" in r.content
    staff_user.refresh_from_db()
    assert staff_user.check_password(PASSWORD)


def test_it_changes_a_signed_in_users_password(
    client_for: Callable[[User], Client], staff_user: User
) -> None:
    client = client_for(staff_user)
    r = client.post(
        "/password/change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert r["Location"] == "/password/change/done/"
    staff_user.refresh_from_db()
    assert staff_user.check_password(NEW_PASSWORD)


def test_it_needs_the_old_password_to_change_it(
    client_for: Callable[[User], Client], staff_user: User
) -> None:
    r = client_for(staff_user).post(
        "/password/change/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert r.status_code == 200
    staff_user.refresh_from_db()
    assert staff_user.check_password(PASSWORD)
