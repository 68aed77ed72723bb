from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.audit.models import AuditEvent
from kaizen.audit.services import record

MODELS = ["user", "organisation", "orgunit", "valuestream", "membership", "invitation"]


@pytest.fixture
def superuser_client(db: None) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("root@example.org", "x" * 20))
    return client


@pytest.mark.parametrize("model", MODELS)
def test_it_offers_the_list_and_the_add_form(superuser_client: Client, model: str) -> None:
    assert superuser_client.get(f"/admin/accounts/{model}/").status_code == 200
    assert superuser_client.get(f"/admin/accounts/{model}/add/").status_code == 200


def test_it_edits_a_user_and_an_organisation(
    superuser_client: Client, staff_user: User, org: Organisation
) -> None:
    assert superuser_client.get(f"/admin/accounts/user/{staff_user.pk}/change/").status_code == 200
    page = f"/admin/accounts/organisation/{org.pk}/change/"
    assert superuser_client.get(page).status_code == 200


def test_it_creates_a_user_with_an_email_address(superuser_client: Client) -> None:
    password = "an-admin-made-passphrase-1"
    superuser_client.post(
        "/admin/accounts/user/add/",
        {"email": "new@example.org", "password1": password, "password2": password},
    )
    assert User.objects.get(email="new@example.org").check_password(password)


def test_it_shows_the_audit_trail_read_only(superuser_client: Client, org: Organisation) -> None:
    event = record(actor=None, organisation=org, action="create", target=org)
    assert superuser_client.get("/admin/audit/auditevent/").status_code == 200
    assert superuser_client.get(f"/admin/audit/auditevent/{event.pk}/change/").status_code == 200
    assert superuser_client.get("/admin/audit/auditevent/add/").status_code == 403
    superuser_client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"})
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert admin.site.is_registered(AuditEvent)
