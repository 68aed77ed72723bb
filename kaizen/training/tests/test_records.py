"""Past training from a CSV file, all or nothing, and the dosage it adds up to."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kaizen.accounts.models import Membership, Organisation, OrgUnit, User
from kaizen.accounts.roles import Role
from kaizen.testing import make_member, make_project, make_team_member
from kaizen.training import services
from kaizen.training.csv_import import import_records
from kaizen.training.dosage import (
    active_improvers,
    dosage,
    first_trained,
    quarters_back,
    trained_over_time,
)
from kaizen.training.models import DosageTarget, Headcount, TrainingRecord

pytestmark = pytest.mark.django_db

HEADER = "email,tier,title,completed_on,provider\n"


def test_a_good_file_is_imported(org: Organisation, admin_user: User, staff_user: User) -> None:
    services.tiers_install_defaults(organisation=org)
    text = HEADER + f"{staff_user.email},Foundation,IHI Open School QI 101,2024-03-01,IHI\n"
    assert import_records(organisation=org, text=text, by=admin_user) == 1
    tier = services.person_tier(organisation=org, person=staff_user)
    assert tier is not None and tier.name == "Foundation"


def test_a_bad_file_names_every_bad_row_and_stores_nothing(
    org: Organisation, admin_user: User, staff_user: User, outsider: User
) -> None:
    services.tiers_install_defaults(organisation=org)
    text = HEADER + (
        f"{staff_user.email},Foundation,Good row,2024-03-01,IHI\n"
        f"{outsider.email},Foundation,Someone else's,2024-03-01,IHI\n"
        f"{staff_user.email},Wizard,Bad tier,01/03/2024,IHI\n"
    )
    with pytest.raises(ValidationError) as caught:
        import_records(organisation=org, text=text, by=admin_user)
    messages = caught.value.messages
    assert messages[0].startswith("Row 3:") and "not a member" in messages[0]
    assert messages[1].startswith("Row 4:") and "not one of the tiers" in messages[1]
    assert "2024-03-31" in messages[1]
    assert not TrainingRecord.objects.exists()


def test_a_file_without_the_columns_is_refused(org: Organisation, admin_user: User) -> None:
    with pytest.raises(ValidationError, match="missing: tier"):
        import_records(organisation=org, text="email,title\na,b\n", by=admin_user)


def test_dosage_rolls_up_the_hierarchy(org: Organisation, admin_user: User) -> None:
    services.tiers_install_defaults(organisation=org)
    division = OrgUnit.objects.create(organisation=org, name="Medicine")
    ward = OrgUnit.objects.create(organisation=org, name="Larch Ward", parent=division)
    clinic = OrgUnit.objects.create(organisation=org, name="Clinic", parent=division)
    Headcount.objects.create(unit=clinic, staff=10)
    foundation = org.tiers.get(rank=2)
    DosageTarget.objects.create(unit=ward, tier=foundation, target_percent=50)
    for i in range(4):
        person = make_member(org, Role.STAFF, f"w{i}@riverside.example")
        Membership.objects.filter(user=person).update(unit=ward)
        if i < 2:
            TrainingRecord.objects.create(
                organisation=org,
                person=person,
                tier=org.tiers.get(rank=3 if i == 0 else 1),
                title="Course",
                completed_on=dt.date(2024, 1, 10),
            )
    tiers = list(org.tiers.all())
    firsts = first_trained(org, tiers)
    rows = dosage(org, tiers, firsts)
    by_name = {row.unit.name: row for row in rows}
    assert [row.unit.name for row in rows] == ["Medicine", "Clinic", "Larch Ward"]
    ward_row = by_name["Larch Ward"]
    assert ward_row.headcount == 4
    # The practitioner counts at awareness and foundation too.
    assert [cell.trained for cell in ward_row.cells[:3]] == [2, 1, 1]
    assert ward_row.cells[1].target_percent == 50 and not ward_row.cells[1].meets
    assert by_name["Medicine"].headcount == 14
    assert by_name["Medicine"].cells[0].trained == 2
    ends = quarters_back(dt.date(2024, 5, 1), 3)
    assert ends == [dt.date(2023, 12, 31), dt.date(2024, 3, 31), dt.date(2024, 6, 30)]
    assert trained_over_time(tiers, firsts, ends)[1] == [0, 2, 2]


def test_active_improvers_are_trained_people_in_project_work(
    org: Organisation, admin_user: User, staff_user: User, coach_user: User
) -> None:
    services.tiers_install_defaults(organisation=org)
    tiers = list(org.tiers.all())
    for person in (staff_user, coach_user):
        TrainingRecord.objects.create(
            organisation=org,
            person=person,
            tier=tiers[1],
            title="QI",
            completed_on=dt.date(2024, 1, 1),
        )
    project = make_project(org, admin_user)
    make_team_member(project, admin_user, user=staff_user)
    firsts = first_trained(org, tiers)
    active = active_improvers(org, tiers, firsts, timezone.localdate())
    assert active[2] == (2, 1)
    assert active[3] == (0, 0)
