from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from kaizen.accounts.models import Organisation, OrgUnit, User, ValueStream
from kaizen.audit.models import AuditEvent
from kaizen.audit.services import record
from kaizen.audit.views import PAGE_SIZE


def test_it_shows_the_trail_newest_first_with_changes(
    client_for: Callable[[User], Client], leader_user: User, admin_user: User, org: Organisation
) -> None:
    unit = OrgUnit.objects.create(organisation=org, name="Ward 7")
    record(actor=admin_user, organisation=org, action="create", target=unit)
    record(
        actor=admin_user,
        organisation=org,
        action="update",
        target=unit,
        changes={"name": ["Ward 7", "Ward 7B"]},
    )
    page = client_for(leader_user).get("/o/riverside/audit/").content.decode()
    assert page.index("Changed unit") < page.index("Created unit")
    assert "name: Ward 7 → Ward 7B" in page


def test_it_filters_by_actor_action_and_record_kind(
    client_for: Callable[[User], Client], admin_user: User, staff_user: User, org: Organisation
) -> None:
    stream = ValueStream.objects.create(organisation=org, name="Stroke pathway")
    unit = OrgUnit.objects.create(organisation=org, name="Ward 7")
    record(actor=admin_user, organisation=org, action="create", target=stream)
    record(actor=staff_user, organisation=org, action="update", target=unit)
    client = client_for(admin_user)
    by_staff = client.get(f"/o/riverside/audit/?actor={staff_user.pk}").content
    assert b"Ward 7" in by_staff and b"Stroke pathway" not in by_staff
    creations = client.get("/o/riverside/audit/?action=create").content
    assert b"Stroke pathway" in creations and b"<strong>Ward 7</strong>" not in creations
    units = client.get("/o/riverside/audit/?target_type=accounts.orgunit").content
    assert b"<strong>Ward 7</strong>" in units and b"Stroke pathway" not in units


def test_it_paginates_and_keeps_the_filter(
    client_for: Callable[[User], Client], admin_user: User, org: Organisation
) -> None:
    AuditEvent.objects.bulk_create(
        AuditEvent(organisation=org, action="update", target_type="accounts.organisation")
        for _ in range(PAGE_SIZE + 1)
    )
    client = client_for(admin_user)
    first = client.get("/o/riverside/audit/?action=update").content.decode()
    assert f"Page 1 of 2, {PAGE_SIZE + 1} changes" in first
    assert "?action=update&amp;page=2" in first
    second = client.get("/o/riverside/audit/?action=update&page=2").content.decode()
    assert "Page 2 of 2" in second


def test_it_never_shows_another_organisations_events_or_people(
    client_for: Callable[[User], Client], admin_user: User, outsider: User, other_org: Organisation
) -> None:
    secret = OrgUnit.objects.create(organisation=other_org, name="Hillside secret ward")
    record(actor=outsider, organisation=other_org, action="create", target=secret)
    client = client_for(admin_user)
    page = client.get("/o/riverside/audit/").content
    assert b"Hillside secret ward" not in page
    assert outsider.email.encode() not in page and b"Admin@Hillside" not in page
    # Filtering by the outsider is not even a valid choice.
    page = client.get(f"/o/riverside/audit/?actor={outsider.pk}").content
    assert b"Hillside secret ward" not in page


def test_it_is_for_leaders_and_admins_only(
    client_for: Callable[[User], Client], staff_user: User, board_user: User
) -> None:
    assert client_for(staff_user).get("/o/riverside/audit/").status_code == 403
    assert client_for(board_user).get("/o/riverside/audit/").status_code == 403
