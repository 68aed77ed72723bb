"""Text written without a form (the driver tree's HTMX edits, inline comments) is screened
by the same function, and nothing is stored when it is refused."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.activity.models import Comment
from kaizen.projects.models import DriverNode, Project
from kaizen.testing import make_idea, make_project

ClientFor = Callable[[User], Client]
REFUSED = "“DOB 01/02/1950” looks like a date of birth"


@pytest.fixture
def project(org: Organisation, staff_user: User) -> Project:
    return make_project(org, staff_user, aim_what="Reduce falls")


def htmx_post(client: Client, project: Project, path: str, data: dict[str, str]) -> str:
    url = f"/o/{project.organisation.slug}/projects/{path}"
    return client.post(url, data, HTTP_HX_REQUEST="true").content.decode()


def test_a_driver_naming_a_patient_is_refused(
    project: Project, staff_user: User, client_for: ClientFor
) -> None:
    client = client_for(staff_user)
    add = f"{project.pk}/drivers/add/"
    assert REFUSED in htmx_post(client, project, add, {"text": "Falls: DOB 01/02/1950"})
    assert not DriverNode.objects.exists()
    htmx_post(client, project, add, {"text": "Safe environment"})
    node = DriverNode.objects.get()
    page = htmx_post(client, project, f"drivers/{node.pk}/rename/", {"text": "patient John Smith"})
    assert "“patient John Smith” looks like a patient&#39;s name" in page
    node.refresh_from_db()
    assert node.text == "Safe environment"


def test_an_idea_title_with_a_postcode_is_refused(
    project: Project, staff_user: User, client_for: ClientFor
) -> None:
    idea = make_idea(project, staff_user, title="Hourly rounds")
    client = client_for(staff_user)
    page = htmx_post(client, project, f"ideas/{idea.pk}/place/", {"title": "Rounds at LS1 4AP"})
    assert "“LS1 4AP” looks like a postcode" in page
    idea.refresh_from_db()
    assert idea.title == "Hourly rounds"


def test_a_comment_with_a_date_of_birth_is_refused(
    project: Project, staff_user: User, client_for: ClientFor
) -> None:
    client = client_for(staff_user)
    r = client.post(
        f"/o/{project.organisation.slug}/projects/{project.pk}/comments/",
        {"body": "Seen DOB 01/02/1950"},
        follow=True,
    )
    assert REFUSED in r.content.decode()
    assert not Comment.objects.exists()
