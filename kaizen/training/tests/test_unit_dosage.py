"""A unit's dosage page: its share trained at each tier month by month as run charts against
its target, with neither red, amber nor green; and the hours page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from kaizen.accounts.models import Membership, Organisation, OrgUnit, User
from kaizen.training import services
from kaizen.training.dosage import month_ends
from kaizen.training.models import DosageTarget, TrainingRecord

pytestmark = pytest.mark.django_db

Clients = Callable[[User], Client]


def test_month_ends_run_back_from_this_month() -> None:
    assert month_ends(dt.date(2024, 3, 10), 3) == [
        dt.date(2024, 1, 31),
        dt.date(2024, 2, 29),
        dt.date(2024, 3, 31),
    ]


def test_a_unit_page_charts_each_tier_against_its_target(
    org: Organisation, staff_user: User, client_for: Clients
) -> None:
    services.tiers_install_defaults(organisation=org)
    division = OrgUnit.objects.create(organisation=org, name="Medicine")
    ward = OrgUnit.objects.create(organisation=org, parent=division, name="Larch Ward")
    Membership.objects.filter(user=staff_user).update(unit=ward)
    foundation = org.tiers.get(rank=2)
    DosageTarget.objects.create(unit=division, tier=foundation, target_percent=40)
    TrainingRecord.objects.create(
        organisation=org,
        person=staff_user,
        tier=foundation,
        title="QI foundations",
        completed_on=timezone.localdate() - dt.timedelta(days=100),
    )
    page = client_for(staff_user).get(f"/o/{org.slug}/training/dosage/units/{division.pk}/")
    text = page.content.decode()
    assert "Now: 1 of 1 (100%); target 40%" in text
    assert "Trained at Foundation or deeper" in text and "<svg" in text
    assert "style=" not in text
    for colour in ("#d5281b", "#ffeb3b", "#007f3b", "#ed8b00"):
        assert colour not in text.lower()


def test_another_organisations_unit_is_404(
    org: Organisation, other_org: Organisation, staff_user: User, client_for: Clients
) -> None:
    theirs = OrgUnit.objects.create(organisation=other_org, name="Their ward")
    response = client_for(staff_user).get(f"/o/{org.slug}/training/dosage/units/{theirs.pk}/")
    assert response.status_code == 404


def test_the_hours_page_lists_the_organisation_and_its_units(
    org: Organisation, staff_user: User, client_for: Clients
) -> None:
    OrgUnit.objects.create(organisation=org, name="Medicine")
    page = client_for(staff_user).get(f"/o/{org.slug}/training/hours/").content.decode()
    assert "The whole organisation" in page and "Medicine" in page
