from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser

from kaizen.accounts.forms import ValueStreamForm
from kaizen.accounts.models import Membership, Organisation, OrgUnit, User, ValueStream
from kaizen.audit.models import AuditEvent
from kaizen.audit.services import record
from kaizen.changes import diff_fields, save_form, snapshot


def test_it_records_who_did_what_to_which_record(org: Organisation, admin_user: User) -> None:
    unit = OrgUnit.objects.create(organisation=org, name="Ward 7")
    event = record(
        actor=admin_user,
        organisation=org,
        action="update",
        target=unit,
        changes={"name": ["Ward 6", "Ward 7"]},
        summary="Renamed after the move",
    )
    event.refresh_from_db()
    assert (event.actor, event.actor_repr, event.organisation) == (admin_user, "Admin", org)
    assert (event.target_type, event.target_id, event.target_repr) == (
        "accounts.orgunit",
        str(unit.pk),
        "Ward 7",
    )
    assert event.changes == {"name": ["Ward 6", "Ward 7"]}
    assert event.target_label == "Unit"
    assert str(event) == "Admin changed Ward 7"


def test_it_records_system_and_anonymous_actions_without_an_actor(org: Organisation) -> None:
    for actor in (None, AnonymousUser()):
        event = record(actor=actor, organisation=org, action="import", target=org)
        assert event.actor is None and event.actor_repr == ""


def test_it_keeps_a_deleted_users_name_on_their_changes(
    org: Organisation, staff_user: User
) -> None:
    event = record(actor=staff_user, organisation=org, action="create", target=org)
    staff_user.delete()
    event.refresh_from_db()
    assert event.actor is None and event.actor_repr == "Staff"


def test_it_diffs_only_changed_fields(org: Organisation, staff_user: User) -> None:
    membership = Membership.objects.get(user=staff_user)
    ward = OrgUnit.objects.create(organisation=org, name="Ward 7")
    before = snapshot(membership, ["role", "unit"])
    membership.unit = ward
    # Related records are kept by name: still readable after the unit is deleted.
    assert diff_fields(before, membership, ["role", "unit"]) == {"unit": [None, "Ward 7"]}


def test_it_stores_dates_and_decimals_as_json(org: Organisation) -> None:
    event = record(
        actor=None,
        organisation=org,
        action="update",
        target=org,
        changes={"target": [Decimal("0.95"), None], "from": [None, dt.date(2026, 4, 1)]},
    )
    event.refresh_from_db()
    assert event.changes == {"target": ["0.95", None], "from": [None, "2026-04-01"]}


def test_it_saves_a_form_and_records_the_creation(org: Organisation, admin_user: User) -> None:
    form = ValueStreamForm({"name": "Stroke"}, instance=ValueStream(organisation=org))
    assert form.is_valid()
    stream = save_form(actor=admin_user, organisation=org, form=form)
    event = AuditEvent.objects.get()
    assert (event.action, event.target_id) == ("create", str(stream.pk))
    # The blank description is not worth recording on creation.
    assert event.changes == {"name": [None, "Stroke"]}


def test_it_describes_changes_for_people(org: Organisation) -> None:
    event = AuditEvent(
        changes={"north_star": ["", "Zero harm"], "unit": ["Ward 7", None], "rows": 5}
    )
    assert event.change_lines() == ["north star: – → Zero harm", "unit: Ward 7 → –", "rows: 5"]


def test_it_lists_an_organisations_events_only(org: Organisation, other_org: Organisation) -> None:
    mine = record(actor=None, organisation=org, action="create", target=org)
    record(actor=None, organisation=other_org, action="create", target=other_org)
    assert list(AuditEvent.objects.for_organisation(org)) == [mine]
