from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.test import Client
from django.utils import timezone

from kaizen.accounts import services
from kaizen.accounts.models import Invitation, Membership, Organisation, OrgUnit, User
from kaizen.accounts.roles import Role
from kaizen.audit.models import AuditEvent
from kaizen.testing import PASSWORD

NEW_PASSWORD = "a-long-passphrase-for-kim-2026"


def invite(client: Client, email: str = "kim@riverside.example", **extra: object) -> str:
    """Send an invitation through the page and return the path of the emailed link."""
    r = client.post("/o/riverside/invitations/", {"email": email, "role": "coach", **extra})
    assert r.status_code == 302, r.content
    match = re.search(r"http://testserver(/invitations/\S+/)", str(mail.outbox[-1].body))
    assert match, mail.outbox[-1].body
    return match.group(1)


@pytest.fixture
def admin_client(client_for: Callable[[User], Client], admin_user: User) -> Client:
    return client_for(admin_user)


def test_it_emails_an_invitation_and_lists_it_as_pending(admin_client: Client) -> None:
    invite(admin_client, "Kim@Riverside.example")
    assert mail.outbox[0].to == ["kim@riverside.example"]
    assert "Riverside NHS Trust" in mail.outbox[0].subject
    assert "improvement coach" in mail.outbox[0].body
    r = admin_client.get("/o/riverside/invitations/")
    assert b"kim@riverside.example" in r.content
    event = AuditEvent.objects.get(action="invite")
    assert event.organisation is not None and event.organisation.slug == "riverside"
    assert event.changes["email"] == [None, "kim@riverside.example"]


def test_it_creates_the_account_of_a_new_user(
    admin_client: Client, client: Client, org: Organisation
) -> None:
    unit = OrgUnit.objects.create(organisation=org, name="Ward 7", kind="ward")
    link = invite(admin_client, unit=unit.pk)
    assert b"Create your account" in client.get(link).content
    r = client.post(
        link,
        {"full_name": "Kim Lee", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert r["Location"] == "/o/riverside/"
    kim = User.objects.get(email="kim@riverside.example")
    assert kim.full_name == "Kim Lee" and kim.check_password(NEW_PASSWORD)
    membership = Membership.objects.get(user=kim)
    assert (membership.organisation, membership.role, membership.unit) == (org, Role.COACH, unit)
    assert client.session["_auth_user_id"] == str(kim.pk)
    assert AuditEvent.objects.filter(action="join", actor=kim).exists()


def test_it_refuses_a_weak_password_for_a_new_user(admin_client: Client, client: Client) -> None:
    link = invite(admin_client)
    r = client.post(link, {"full_name": "Kim", "password1": "kim", "password2": "kim"})
    assert r.status_code == 200
    assert not User.objects.filter(email="kim@riverside.example").exists()


def test_it_adds_a_membership_to_an_existing_signed_in_user(
    admin_client: Client,
    client_for: Callable[[User], Client],
    outsider: User,
    org: Organisation,
) -> None:
    link = invite(admin_client, outsider.email)
    client = client_for(outsider)
    assert b"Join Riverside NHS Trust" in client.get(link).content
    r = client.post(link)
    assert r["Location"] == "/o/riverside/"
    assert outsider.membership_in(org) is not None
    assert outsider.memberships.count() == 2


def test_it_asks_an_existing_user_to_sign_in_first(
    admin_client: Client, client: Client, outsider: User
) -> None:
    link = invite(admin_client, outsider.email)
    r = client.get(link)
    assert b"Sign in to accept the invitation" in r.content
    # Posting a registration form for an existing account must not create or change anything.
    client.post(link, {"full_name": "X", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    outsider.refresh_from_db()
    assert outsider.check_password(PASSWORD)


def test_it_refuses_someone_elses_invitation(
    admin_client: Client, client_for: Callable[[User], Client], outsider: User, org: Organisation
) -> None:
    link = invite(admin_client, "kim@riverside.example")
    r = client_for(outsider).post(link)
    assert r.status_code == 403
    assert outsider.membership_in(org) is None


def test_it_refuses_a_used_invitation(admin_client: Client, org: Organisation) -> None:
    link = invite(admin_client)
    data = {"full_name": "Kim", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    Client().post(link, data)
    r = Client().post(link, data)
    assert r.status_code == 410
    assert b"already been used" in r.content
    assert org.memberships.filter(user__email="kim@riverside.example").count() == 1


def test_it_refuses_an_expired_invitation(
    admin_client: Client, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    link = invite(admin_client)
    eight_days_later = timezone.now().timestamp() + timedelta(days=8).total_seconds()
    monkeypatch.setattr(signing.time, "time", lambda: eight_days_later)  # type: ignore[attr-defined]
    r = client.get(link)
    assert r.status_code == 410
    assert b"expired" in r.content


def test_it_refuses_a_tampered_link(admin_client: Client, client: Client) -> None:
    link = invite(admin_client)
    invitation = Invitation.objects.get()
    forged = signing.dumps(invitation.pk, salt="some.other.salt")
    assert client.get(f"/invitations/{forged}/").status_code == 410
    assert client.get(link.replace("/invitations/", "/invitations/x")).status_code == 410


def test_it_refuses_a_revoked_invitation(admin_client: Client, client: Client) -> None:
    link = invite(admin_client)
    invitation = Invitation.objects.get()
    r = admin_client.post(f"/o/riverside/invitations/{invitation.pk}/revoke/")
    assert r.status_code == 302
    assert b"withdrawn" in client.get(link).content
    assert AuditEvent.objects.filter(action="revoke").exists()


def test_it_withdraws_an_invitation_in_place_with_htmx(
    admin_client: Client, client: Client
) -> None:
    link = invite(admin_client)
    invitation = Invitation.objects.get()
    r = admin_client.post(
        f"/o/riverside/invitations/{invitation.pk}/revoke/", headers={"HX-Request": "true"}
    )
    assert r.status_code == 200
    assert b"Withdrew the invitation to kim@riverside.example" in r.content
    assert b"<html" not in r.content
    assert client.get(link).status_code == 410


def test_it_replaces_an_earlier_invitation_to_the_same_address(
    admin_client: Client, client: Client
) -> None:
    first = invite(admin_client)
    second = invite(admin_client)
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


def test_it_does_not_invite_an_existing_member(admin_client: Client, staff_user: User) -> None:
    r = admin_client.post("/o/riverside/invitations/", {"email": staff_user.email, "role": "staff"})
    assert b"already a member" in r.content
    assert mail.outbox == []


def test_it_refuses_a_unit_of_another_organisation(
    admin_client: Client, other_org: Organisation
) -> None:
    foreign = OrgUnit.objects.create(organisation=other_org, name="Secret ward")
    r = admin_client.post(
        "/o/riverside/invitations/",
        {"email": "kim@riverside.example", "role": "staff", "unit": foreign.pk},
    )
    assert r.status_code == 200
    assert not Invitation.objects.exists()


def test_it_hides_other_organisations_invitations(
    client_for: Callable[[User], Client], outsider: User, admin_client: Client
) -> None:
    invite(admin_client)
    invitation = Invitation.objects.get()
    hillside = client_for(outsider)
    assert hillside.post(f"/o/riverside/invitations/{invitation.pk}/revoke/").status_code == 404
    # Nor through the outsider's own organisation's URL.
    assert hillside.post(f"/o/hillside/invitations/{invitation.pk}/revoke/").status_code == 404
    assert Invitation.objects.get().is_usable


def test_it_uses_up_an_invitation_only_once_in_the_service(
    org: Organisation, admin_user: User, outsider: User
) -> None:
    invitation = services.invite(
        actor=admin_user,
        organisation=org,
        email=outsider.email,
        role=Role.BOARD,
        unit=None,
        absolute_url=lambda path: path,
    )
    services.accept_invitation(invitation=invitation, user=outsider)
    with pytest.raises(services.InvitationError):
        services.accept_invitation(invitation=invitation, user=outsider)
