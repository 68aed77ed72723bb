"""The impact ledger: entries on any record, validated by a coach, totals by area for a period,
a CSV export; another organisation's records and entries are 404."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.test import Client

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.ideas import services as ideas
from kaizen.impact.models import ImpactEntry
from kaizen.testing import make_project

ClientFor = Callable[[User], Client]
VALUES = {
    "impact-kind": "hours",
    "impact-amount": "12.5",
    "impact-amount_unit": "hours",
    "impact-period_start": "2026-01-01",
    "impact-period_end": "2026-03-31",
}


def add_url(target: object) -> str:
    content_type = ContentType.objects.get_for_model(target)  # type: ignore[arg-type]
    return f"/o/riverside/impact/add/{content_type.pk}/{target.pk}/"  # type: ignore[attr-defined]


def test_an_idea_carries_an_impact_that_a_coach_validates_and_the_ledger_totals(
    org: Organisation, staff_user: User, coach_user: User, client_for: ClientFor
) -> None:
    ward = OrgUnit.objects.create(organisation=org, name="Ward 3")
    idea = ideas.idea_raise(
        organisation=org, by=staff_user, values={"problem": "Flat hoist", "unit": ward}
    )
    staff = client_for(staff_user)
    refused = staff.post(add_url(idea), {**VALUES, "impact-amount": "-1", "next": "/"})
    assert refused.status_code == 302 and not ImpactEntry.objects.exists()
    staff.post(add_url(idea), {**VALUES, "next": idea.get_absolute_url()})
    entry = ImpactEntry.objects.get()
    assert (entry.unit, entry.status) == (ward, ImpactEntry.Status.ESTIMATED)
    assert b"12.50 hours" in staff.get(idea.get_absolute_url()).content
    assert staff.post(f"/o/riverside/impact/{entry.pk}/validate/").status_code == 403
    client_for(coach_user).post(f"/o/riverside/impact/{entry.pk}/validate/")
    entry.refresh_from_db()
    assert (entry.status, entry.validated_by) == (ImpactEntry.Status.VALIDATED, coach_user)
    page = staff.get("/o/riverside/impact/?by=unit&since=2026-02-01").content.decode()
    assert "Ward 3" in page and "12.50 hours" in page
    assert "No impact" in staff.get("/o/riverside/impact/?since=2026-06-01").content.decode()
    csv = staff.get("/o/riverside/impact/?format=csv").content.decode()
    assert "Hours released,12.50,hours" in csv


def test_another_organisations_records_take_no_impact(
    org: Organisation, leader_user: User, outsider: User, client_for: ClientFor
) -> None:
    project = make_project(org, leader_user)
    response = client_for(outsider).post(
        add_url(project).replace("riverside", "hillside"), {**VALUES, "next": "/"}
    )
    assert response.status_code == 404
    assert ImpactEntry.objects.count() == 0
