"""Impact totals where people look: the portfolio (its projects and their change ideas) and a
change idea's own page, where an impact is recorded and counts towards its project's area."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.test import Client

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.impact.models import ImpactEntry
from kaizen.testing import make_idea, make_project

ClientFor = Callable[[User], Client]
VALUES = {
    "impact-kind": "money",
    "impact-amount": "38500",
    "impact-amount_unit": "£",
    "impact-period_start": "2026-01-01",
    "impact-period_end": "2026-03-31",
}


def test_a_change_ideas_impact_shows_on_its_page_and_in_the_portfolio_total(
    org: Organisation, staff_user: User, client_for: ClientFor
) -> None:
    ward = OrgUnit.objects.create(organisation=org, name="Ward 3")
    project = make_project(org, staff_user, title="Fewer falls", unit=ward)
    change = make_idea(project, staff_user, title="Bed sensors")
    content_type = ContentType.objects.get_for_model(change)
    page = change.get_absolute_url()
    client = client_for(staff_user)
    client.post(f"/o/riverside/impact/add/{content_type.pk}/{change.pk}/", {**VALUES, "next": page})
    entry = ImpactEntry.objects.get()
    assert (entry.target, entry.unit) == (change, ward)
    assert "38,500 £</strong> (estimated)" in client.get(page).content.decode()
    project_type = ContentType.objects.get_for_model(project)
    client.post(
        f"/o/riverside/impact/add/{project_type.pk}/{project.pk}/",
        {**VALUES, "impact-amount": "1500", "next": "/"},
    )
    portfolio = client.get("/o/riverside/projects/").content.decode()
    assert "Impact of these projects and their change ideas" in portfolio
    assert "40,000 £</strong> (estimated)" in portfolio
    elsewhere = client.get("/o/riverside/projects/?q=nothing-matches").content.decode()
    assert "40,000 £" not in elsewhere


def test_another_organisations_change_idea_takes_no_impact(
    org: Organisation, staff_user: User, outsider: User, client_for: ClientFor
) -> None:
    change = make_idea(make_project(org, staff_user), staff_user)
    content_type = ContentType.objects.get_for_model(change)
    response = client_for(outsider).post(
        f"/o/hillside/impact/add/{content_type.pk}/{change.pk}/", {**VALUES, "next": "/"}
    )
    assert response.status_code == 404 and not ImpactEntry.objects.exists()
