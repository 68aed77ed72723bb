"""The optional second factor: setting up an authenticator app, being asked for its code,
recovery codes, and organisations that require it of their admins."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from kaizen.accounts import sign_in_flow
from kaizen.accounts.models import Organisation, User
from kaizen.testing import PASSWORD


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enrol(client: Client, user: User) -> tuple[TOTPDevice, list[str]]:
    client.force_login(user)
    r = client.get("/account/second-factor/")
    assert r.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert b"<svg" in r.content and b"data:image" not in r.content
    assert sign_in_flow.manual_key(device).encode() in r.content
    r = client.post("/account/second-factor/", {"code": code_for(device)})
    assert r.status_code == 200
    codes = re.findall(r"<li><code>(\w+)</code></li>", r.content.decode())
    client.post("/sign-out/")
    device.refresh_from_db()
    return device, codes


def sign_in(client: Client, user: User) -> str:
    r = client.post("/sign-in/", {"email": user.email, "password": PASSWORD})
    return str(r["Location"])


def test_a_member_sets_up_an_app_and_is_then_asked_for_its_code(
    client: Client, staff_user: User
) -> None:
    device, codes = enrol(client, staff_user)
    assert device.confirmed and len(codes) == 10

    assert sign_in(client, staff_user) == "/sign-in/code/"
    assert "_auth_user_id" not in client.session
    device.last_t = -1  # the enrolment code may be the current one, which is used up
    device.save()
    r = client.post("/sign-in/code/", {"code": code_for(device)})
    assert r.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_user.pk)


def test_a_wrong_code_is_refused(client: Client, staff_user: User) -> None:
    enrol(client, staff_user)
    sign_in(client, staff_user)
    r = client.post("/sign-in/code/", {"code": "000000"})
    assert b"The code is not right" in r.content
    assert "_auth_user_id" not in client.session


def test_a_wrong_code_when_setting_up_leaves_the_app_unconfirmed(
    client: Client, staff_user: User
) -> None:
    client.force_login(staff_user)
    client.get("/account/second-factor/")
    r = client.post("/account/second-factor/", {"code": "123456"})
    assert b"The code is not right" in r.content
    assert not sign_in_flow.has_second_factor(staff_user)


def test_a_recovery_code_signs_in_once(client: Client, staff_user: User) -> None:
    _, codes = enrol(client, staff_user)
    sign_in(client, staff_user)
    assert client.post("/sign-in/code/", {"code": codes[0]}).status_code == 302
    client.post("/sign-out/")
    sign_in(client, staff_user)
    r = client.post("/sign-in/code/", {"code": codes[0]})
    assert b"The code is not right" in r.content


def test_codes_are_throttled(client: Client, staff_user: User) -> None:
    _, codes = enrol(client, staff_user)
    sign_in(client, staff_user)
    for _ in range(5):
        client.post("/sign-in/code/", {"code": "000000"})
    r = client.post("/sign-in/code/", {"code": codes[0]})
    assert r.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_code_step_needs_a_password_first(client: Client, db: None) -> None:
    r = client.get("/sign-in/code/")
    assert r["Location"] == "/sign-in/"


@pytest.fixture
def requiring_org(org: Organisation) -> Organisation:
    org.require_admin_second_factor = True
    org.save()
    return org


def test_an_admin_without_an_app_is_sent_to_set_one_up_first(
    client: Client, admin_user: User, requiring_org: Organisation
) -> None:
    client.post("/sign-in/", {"email": admin_user.email, "password": PASSWORD})
    for path in ["/", f"/o/{requiring_org.slug}/", f"/o/{requiring_org.slug}/settings/"]:
        r = client.get(path)
        assert r.status_code == 302 and r["Location"] == "/account/second-factor/", path
    r = client.get("/account/second-factor/")
    assert b"Your organisation asks its admins" in r.content
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    client.post("/account/second-factor/", {"code": code_for(device)})
    assert client.get(f"/o/{requiring_org.slug}/settings/").status_code == 200


def test_only_admins_are_required_to_use_one(
    client: Client, staff_user: User, admin_user: User, requiring_org: Organisation
) -> None:
    client.force_login(staff_user)
    assert client.get(f"/o/{requiring_org.slug}/").status_code == 200


def test_admins_of_organisations_that_do_not_require_it_are_not_asked(
    client: Client, admin_user: User
) -> None:
    client.force_login(admin_user)
    assert client.get(f"/o/{admin_user.memberships.get().organisation.slug}/").status_code == 200


def test_an_admin_with_an_app_but_an_unverified_session_enters_a_code(
    client: Client, admin_user: User, requiring_org: Organisation
) -> None:
    device, _ = enrol(client, admin_user)
    client.force_login(admin_user)  # a session from before the requirement
    assert client.get(f"/o/{requiring_org.slug}/")["Location"] == "/account/second-factor/"
    device.last_t = -1
    device.save()
    client.post("/account/second-factor/", {"code": code_for(device)})
    assert client.get(f"/o/{requiring_org.slug}/").status_code == 200


def test_an_admin_sets_the_requirement_in_the_organisations_settings(
    client: Client, admin_user: User, org: Organisation
) -> None:
    client.force_login(admin_user)
    data = {"name": org.name, "kind": org.kind, "require_admin_second_factor": "on"}
    client.post(f"/o/{org.slug}/settings/", data)
    org.refresh_from_db()
    assert org.require_admin_second_factor


def test_the_admin_sites_sign_in_goes_through_ours(client: Client, admin_user: User) -> None:
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    r = client.get("/admin/")
    r = client.get(r["Location"])
    assert r.status_code == 302 and r["Location"] == "/sign-in/?next=/admin/"
    client.post("/admin/login/", {"username": admin_user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_right_codes_do_not_use_up_the_limit(client: Client, staff_user: User) -> None:
    _, codes = enrol(client, staff_user)
    for code in codes[:7]:
        sign_in(client, staff_user)
        assert client.post("/sign-in/code/", {"code": code}).status_code == 302
        client.post("/sign-out/")


def test_a_member_can_stop_using_an_app(client: Client, staff_user: User) -> None:
    _, codes = enrol(client, staff_user)
    sign_in(client, staff_user)
    client.post("/sign-in/code/", {"code": codes[0]})
    assert b"Stop using an authenticator app" in client.get("/account/second-factor/").content
    client.post("/account/second-factor/stop/")
    assert not sign_in_flow.has_second_factor(staff_user)
    client.post("/sign-out/")
    assert sign_in(client, staff_user) == "/"


def test_an_unverified_session_cannot_remove_the_app(client: Client, staff_user: User) -> None:
    enrol(client, staff_user)
    client.force_login(staff_user)
    client.post("/account/second-factor/stop/")
    assert sign_in_flow.has_second_factor(staff_user)


def test_an_admin_who_must_use_one_cannot_stop(
    client: Client, admin_user: User, requiring_org: Organisation
) -> None:
    _, codes = enrol(client, admin_user)
    sign_in(client, admin_user)
    client.post("/sign-in/code/", {"code": codes[0]})
    client.post("/account/second-factor/stop/")
    assert sign_in_flow.has_second_factor(admin_user)
