"""A SIPOC on a project: the team writes its five columns, every member reads and prints it,
patient data is refused, and a DMAIC project's fidelity counts it once every column is filled."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.activity.models import about
from kaizen.projects.lean.models import Sipoc
from kaizen.projects.models import Project

pytestmark = pytest.mark.django_db

COLUMNS = {
    "suppliers": "GPs\nThe ambulance service",
    "inputs": "Referral letters",
    "process": "Triage\nAssess\nTreat\nDischarge",
    "outputs": "A discharge letter",
    "customers": "Patients\nCarers",
}


def url(project: Project, tail: str = "sipoc/") -> str:
    return f"/o/{project.organisation.slug}/lean/project/{project.pk}/{tail}"


def test_the_team_writes_a_sipoc_that_lifts_fidelity(
    dmaic_project: Project, coach_user: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(coach_user)
    before = dmaic_project.fidelity
    assert client.post(url(dmaic_project), {**COLUMNS, "outputs": ""}).status_code == 302
    dmaic_project.refresh_from_db()
    assert dmaic_project.fidelity == before  # a column is still empty
    assert client.post(url(dmaic_project), COLUMNS).status_code == 302
    dmaic_project.refresh_from_db()
    assert dmaic_project.fidelity > before
    [sipoc] = Sipoc.objects.filter(**about(dmaic_project))
    assert sipoc.columns()[0] == ("Suppliers", ["GPs", "The ambulance service"])
    page = client.get(url(dmaic_project)).content.decode()
    assert "The ambulance service" in page
    assert (
        "A SIPOC names the process"
        in client.get(f"/o/riverside/projects/{dmaic_project.pk}/").content.decode()
    )


def test_patient_data_is_refused(
    dmaic_project: Project, coach_user: User, client_for: Callable[[User], Client]
) -> None:
    data = {**COLUMNS, "customers": "Patient John Smith"}
    response = client_for(coach_user).post(url(dmaic_project), data)
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert not Sipoc.objects.exists()


def test_members_read_and_print_the_team_changes_outsiders_see_nothing(
    dmaic_project: Project,
    coach_user: User,
    staff_user: User,
    outsider: User,
    client_for: Callable[[User], Client],
    org: Organisation,
) -> None:
    client_for(coach_user).post(url(dmaic_project), COLUMNS)
    staff = client_for(staff_user)
    page = staff.get(url(dmaic_project)).content.decode()
    assert "Triage" in page and "Save the SIPOC" not in page
    assert staff.post(url(dmaic_project), COLUMNS).status_code == 403
    pdf = staff.get(url(dmaic_project, "sipoc.pdf"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client_for(outsider).get(url(dmaic_project)).status_code == 404
    other = f"/o/hillside/lean/project/{dmaic_project.pk}/sipoc/"
    assert client_for(outsider).get(other).status_code == 404
    assert staff.get(f"/o/{org.slug}/lean/nothing/{dmaic_project.pk}/sipoc/").status_code == 404
