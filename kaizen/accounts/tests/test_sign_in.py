from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from kaizen.accounts.models import Membership, Organisation, User
from kaizen.accounts.roles import Role
from kaizen.testing import PASSWORD


def test_it_shows_the_sign_in_form(client: Client, db: None) -> None:
    r = client.get("/sign-in/")
    assert r.status_code == 200
    assert b'name="email"' in r.content and b'name="password"' in r.content


def test_it_signs_in_with_email_and_password(client: Client, staff_user: User) -> None:
    r = client.post("/sign-in/", {"email": "STAFF@riverside.example", "password": PASSWORD})
    assert r.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_user.pk)


def test_it_refuses_a_wrong_password_without_saying_which_part_was_wrong(
    client: Client, staff_user: User
) -> None:
    r = client.post("/sign-in/", {"email": staff_user.email, "password": "wrong-password"})
    assert r.status_code == 200
    assert b"Enter a correct email address and password" in r.content
    assert "_auth_user_id" not in client.session


def test_it_refuses_an_inactive_user(client: Client, staff_user: User) -> None:
    staff_user.is_active = False
    staff_user.save()
    client.post("/sign-in/", {"email": staff_user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_it_follows_a_local_next_url(client: Client, staff_user: User) -> None:
    r = client.post(
        "/sign-in/", {"email": staff_user.email, "password": PASSWORD, "next": "/o/riverside/"}
    )
    assert r["Location"] == "/o/riverside/"


def test_it_ignores_an_external_next_url(client: Client, staff_user: User) -> None:
    r = client.post(
        "/sign-in/",
        {"email": staff_user.email, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert r["Location"] == "/"


def test_it_signs_out_with_post_only(
    client_for: Callable[[User], Client], staff_user: User
) -> None:
    client = client_for(staff_user)
    assert client.get("/sign-out/").status_code == 405
    r = client.post("/sign-out/")
    assert r["Location"] == "/sign-in/"
    assert "_auth_user_id" not in client.session


def test_it_sends_anonymous_visitors_to_sign_in(client: Client, org: Organisation) -> None:
    r = client.get("/o/riverside/")
    assert r.status_code == 302
    assert r["Location"].startswith("/sign-in/?next=/o/riverside/")


def test_it_takes_a_member_of_one_organisation_straight_there(
    client_for: Callable[[User], Client], staff_user: User
) -> None:
    r = client_for(staff_user).get("/")
    assert r["Location"] == "/o/riverside/"


def test_it_lists_the_organisations_of_a_member_of_several(
    client_for: Callable[[User], Client], staff_user: User, other_org: Organisation
) -> None:
    Membership.objects.create(user=staff_user, organisation=other_org, role=Role.BOARD)
    r = client_for(staff_user).get("/")
    assert r.status_code == 200
    assert b"Riverside NHS Trust" in r.content and b"Hillside Hospital" in r.content
    assert b"Board member" in r.content


def test_it_shows_the_organisation_home_with_the_members_role(
    client_for: Callable[[User], Client], board_user: User
) -> None:
    r = client_for(board_user).get("/o/riverside/")
    assert r.status_code == 200
    assert b"Board member" in r.content
    # Board members cannot manage the organisation, so its admin links are not offered.
    assert b"/o/riverside/members/" not in r.content
