from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.audit.models import AuditEvent


# The North Star moved to the strategy app: kaizen/strategy/tests/test_strategy_page.py.
def test_it_saves_the_name(
    client_for: Callable[[User], Client], admin_user: User, org: Organisation
) -> None:
    client = client_for(admin_user)
    r = client.post(
        "/o/riverside/settings/", {"name": "Riverside University NHS Trust", "kind": "trust"}
    )
    assert r["Location"] == "/o/riverside/settings/"
    org.refresh_from_db()
    assert org.name == "Riverside University NHS Trust"
    event = AuditEvent.objects.get()
    assert event.target_type == "accounts.organisation"
    assert event.changes == {"name": ["Riverside NHS Trust", "Riverside University NHS Trust"]}


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
