from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from kaizen.accounts.models import Organisation, User, ValueStream
from kaizen.audit.models import AuditEvent


@pytest.fixture
def admin_client(client_for: Callable[[User], Client], admin_user: User) -> Client:
    return client_for(admin_user)


@pytest.fixture
def emergency(org: Organisation) -> ValueStream:
    return ValueStream.objects.create(organisation=org, name="Emergency care")


def test_it_adds_a_value_stream(admin_client: Client, org: Organisation) -> None:
    r = admin_client.post(
        "/o/riverside/settings/value-streams/",
        {"name": "Elective surgery", "description": "Referral to discharge"},
    )
    assert r["Location"] == "/o/riverside/settings/value-streams/"
    stream = ValueStream.objects.get()
    assert (stream.organisation, stream.name) == (org, "Elective surgery")
    assert b"Referral to discharge" in admin_client.get(r["Location"]).content
    assert AuditEvent.objects.get().changes["name"] == [None, "Elective surgery"]


def test_it_edits_a_value_stream(admin_client: Client, emergency: ValueStream) -> None:
    admin_client.post(
        f"/o/riverside/settings/value-streams/{emergency.pk}/",
        {"name": "Urgent and emergency care", "description": ""},
    )
    emergency.refresh_from_db()
    assert emergency.name == "Urgent and emergency care"
    assert AuditEvent.objects.get().changes == {
        "name": ["Emergency care", "Urgent and emergency care"]
    }


def test_it_records_nothing_when_nothing_changed(
    admin_client: Client, emergency: ValueStream
) -> None:
    admin_client.post(
        f"/o/riverside/settings/value-streams/{emergency.pk}/",
        {"name": "Emergency care", "description": ""},
    )
    assert not AuditEvent.objects.exists()


def test_it_refuses_a_duplicate_name(admin_client: Client, emergency: ValueStream) -> None:
    r = admin_client.post("/o/riverside/settings/value-streams/", {"name": "Emergency care"})
    assert b"already a value stream with this name" in r.content
    assert ValueStream.objects.count() == 1


def test_it_allows_the_same_name_in_another_organisation(
    admin_client: Client, other_org: Organisation
) -> None:
    ValueStream.objects.create(organisation=other_org, name="Emergency care")
    admin_client.post("/o/riverside/settings/value-streams/", {"name": "Emergency care"})
    assert ValueStream.objects.count() == 2


def test_it_asks_before_deleting_a_value_stream(
    admin_client: Client, emergency: ValueStream
) -> None:
    r = admin_client.get(f"/o/riverside/settings/value-streams/{emergency.pk}/delete/")
    assert b"Delete Emergency care?" in r.content and b"Nothing else belongs" in r.content
    assert ValueStream.objects.exists()


def test_it_deletes_a_value_stream(admin_client: Client, emergency: ValueStream) -> None:
    admin_client.post(f"/o/riverside/settings/value-streams/{emergency.pk}/delete/")
    assert not ValueStream.objects.exists()
    event = AuditEvent.objects.get()
    assert (event.action, event.target_id) == ("delete", str(emergency.pk))


def test_it_cannot_touch_another_organisations_value_streams(
    admin_client: Client, other_org: Organisation
) -> None:
    foreign = ValueStream.objects.create(organisation=other_org, name="Hillside maternity")
    url = f"/o/riverside/settings/value-streams/{foreign.pk}/"
    assert admin_client.get(url).status_code == 404
    assert admin_client.post(url, {"name": "Mine now"}).status_code == 404
    assert admin_client.get(url + "delete/").status_code == 404
    assert admin_client.post(url + "delete/").status_code == 404
    foreign.refresh_from_db()
    assert foreign.name == "Hillside maternity"
    list_page = admin_client.get("/o/riverside/settings/value-streams/").content
    assert b"Hillside maternity" not in list_page
