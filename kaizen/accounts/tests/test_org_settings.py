from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.audit.models import AuditEvent


def test_it_saves_the_name_and_north_star(
    client_for: Callable[[User], Client], admin_user: User, org: Organisation
) -> None:
    client = client_for(admin_user)
    r = client.post(
        "/o/riverside/settings/",
        {"name": "Riverside University NHS Trust", "kind": "trust", "north_star": "Zero harm"},
    )
    assert r["Location"] == "/o/riverside/settings/"
    org.refresh_from_db()
    assert (org.name, org.north_star) == ("Riverside University NHS Trust", "Zero harm")
    event = AuditEvent.objects.get()
    assert event.target_type == "accounts.organisation"
    assert event.changes == {
        "name": ["Riverside NHS Trust", "Riverside University NHS Trust"],
        "north_star": ["", "Zero harm"],
    }
    # The North Star greets members on the organisation's home page.
    assert b"Zero harm" in client.get("/o/riverside/").content


def test_it_requires_a_name(
    client_for: Callable[[User], Client], admin_user: User, org: Organisation
) -> None:
    r = client_for(admin_user).post("/o/riverside/settings/", {"name": "", "kind": "trust"})
    assert b"There is a problem" in r.content
    org.refresh_from_db()
    assert org.name == "Riverside NHS Trust"


def test_it_cannot_change_the_slug(
    client_for: Callable[[User], Client], admin_user: User, org: Organisation
) -> None:
    client_for(admin_user).post(
        "/o/riverside/settings/", {"name": "Riverside", "kind": "trust", "slug": "hijack"}
    )
    org.refresh_from_db()
    assert org.slug == "riverside"
