from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.accounts.roles import Role
from kaizen.audit.models import AuditEvent

PASSWORD = "first-admin-passphrase-2026"


def test_it_creates_an_organisation_and_invites_its_admin(db: None) -> None:
    out = StringIO()
    call_command(
        "create_organisation", "Hilltop Hospital", "hilltop", "ana@hilltop.example", stdout=out
    )
    organisation = Organisation.objects.get(slug="hilltop")
    assert (organisation.name, organisation.kind) == ("Hilltop Hospital", "trust")
    assert "Next steps" in out.getvalue()
    assert mail.outbox[0].to == ["ana@hilltop.example"]
    assert AuditEvent.objects.filter(organisation=organisation, action="create").exists()

    # The emailed link makes Ana the organisation's admin.
    link = re.search(r"https?://[^/\s]+(/invitations/\S+/)", str(mail.outbox[0].body))
    assert link
    client = Client()
    client.post(link.group(1), {"full_name": "Ana", "password1": PASSWORD, "password2": PASSWORD})
    ana = User.objects.get(email="ana@hilltop.example")
    membership = ana.membership_in(organisation)
    assert membership is not None and membership.role == Role.ADMIN


def test_it_takes_the_kind_of_organisation(db: None) -> None:
    call_command(
        "create_organisation",
        "North Network",
        "north",
        "a@north.example",
        "--kind",
        "network",
        stdout=StringIO(),
    )
    assert Organisation.objects.get().kind == "network"


def test_it_refuses_a_slug_in_use(org: Organisation) -> None:
    with pytest.raises(CommandError, match="riverside"):
        call_command("create_organisation", "Again", "riverside", "a@b.example", stdout=StringIO())
    assert Organisation.objects.count() == 1
