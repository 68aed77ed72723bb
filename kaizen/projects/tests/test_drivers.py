"""Driver diagrams: the HTMX tree editor (add, rename, delete, move) and the SVG drawing."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.projects import services
from kaizen.projects.models import DriverNode, Project
from kaizen.testing import make_idea, make_project

ClientFor = Callable[[User], Client]


@pytest.fixture
def project(org: Organisation, staff_user: User) -> Project:
    return make_project(org, staff_user, aim_what="Reduce falls")


def diagram_url(page: str) -> str:
    found = re.search(r"drivers\.svg\?v=\d+", page)
    assert found
    return found.group(0)


def texts(project: Project, parent: DriverNode | None = None) -> list[str]:
    return [n.text for n in DriverNode.objects.filter(project=project, parent=parent)]


def test_it_builds_the_tree_with_htmx(
    project: Project, staff_user: User, client_for: ClientFor
) -> None:
    client = client_for(staff_user)
    base = f"/o/riverside/projects/{project.pk}/drivers/"
    response = client.post(base + "add/", {"text": "Reliable night care"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="driver-tree"' in response.content.decode()
    assert "<html" not in response.content.decode()  # a fragment to swap in, not a page
    primary = DriverNode.objects.get()
    client.post(base + "add/", {"text": "Hourly rounds", "parent": primary.pk}, HTTP_HX_REQUEST="1")
    client.post(base + "add/", {"text": "Safe environment"}, HTTP_HX_REQUEST="true")
    assert texts(project) == ["Reliable night care", "Safe environment"]
    assert texts(project, primary) == ["Hourly rounds"]
    secondary = DriverNode.objects.get(text="Hourly rounds")
    renamed = client.post(
        f"/o/riverside/projects/drivers/{secondary.pk}/rename/",
        {"text": "Rounding"},
        HTTP_HX_REQUEST="true",
    )
    # The drawing in the fragment is a new URL, so the browser redraws it.
    assert diagram_url(renamed.content.decode()) != diagram_url(response.content.decode())
    safe = DriverNode.objects.get(text="Safe environment")
    client.post(f"/o/riverside/projects/drivers/{safe.pk}/move/", {"direction": "up"})
    assert texts(project) == ["Safe environment", "Reliable night care"]
    client.post(f"/o/riverside/projects/drivers/{secondary.pk}/move/", {"parent": safe.pk})
    assert texts(project, safe) == ["Rounding"]
    client.post(f"/o/riverside/projects/drivers/{safe.pk}/delete/")
    assert texts(project) == ["Reliable night care"]
    assert not DriverNode.objects.filter(text="Rounding").exists()


def test_it_shows_why_an_edit_was_refused(
    project: Project, staff_user: User, client_for: ClientFor
) -> None:
    response = client_for(staff_user).post(
        f"/o/riverside/projects/{project.pk}/drivers/add/", {"text": " "}, HTTP_HX_REQUEST="true"
    )
    assert "Name the driver." in response.content.decode()
    assert not DriverNode.objects.exists()


def test_it_keeps_the_diagram_two_levels_deep(project: Project) -> None:
    primary = services.driver_add(project=project, parent=None, text="A")
    secondary = services.driver_add(project=project, parent=primary, text="B")
    with pytest.raises(ValidationError):
        services.driver_add(project=project, parent=secondary, text="C")
    other = services.driver_add(project=project, parent=None, text="D")
    with pytest.raises(ValidationError, match="secondary drivers first"):
        services.driver_move(node=primary, parent=other, position=0)


def test_it_draws_the_diagram_as_svg(
    project: Project, staff_user: User, client_for: ClientFor
) -> None:
    primary = services.driver_add(project=project, parent=None, text="Reliable <night> care")
    secondary = services.driver_add(project=project, parent=primary, text="Hourly rounds")
    make_idea(project, staff_user, title="Intentional rounding", driver=secondary)
    response = client_for(staff_user).get(f"/o/riverside/projects/{project.pk}/drivers.svg")
    svg = response.content.decode()
    assert response["Content-Type"] == "image/svg+xml"
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title" in svg and "Driver diagram of Fewer falls" in svg
    for text in ("Reduce falls", "Reliable &lt;night&gt; care", "Hourly rounds", "Intentional"):
        assert text in svg
    page = client_for(staff_user).get(f"/o/riverside/projects/{project.pk}/drivers/")
    assert "Add a change idea to “Hourly rounds”" in page.content.decode()


def test_another_organisation_cannot_edit_the_tree(
    project: Project, outsider: User, client_for: ClientFor
) -> None:
    node = services.driver_add(project=project, parent=None, text="Mine")
    client = client_for(outsider)
    for action in ("rename", "delete", "move"):
        response = client.post(f"/o/hillside/projects/drivers/{node.pk}/{action}/", {"text": "x"})
        assert response.status_code == 404
    response = client.post(f"/o/hillside/projects/{project.pk}/drivers/add/", {"text": "x"})
    assert response.status_code == 404
    assert texts(project) == ["Mine"]


def test_a_board_member_cannot_edit_the_tree(
    project: Project, board_user: User, client_for: ClientFor
) -> None:
    response = client_for(board_user).post(
        f"/o/riverside/projects/{project.pk}/drivers/add/", {"text": "x"}
    )
    assert response.status_code == 403


def test_it_renames_and_moves_change_ideas_in_the_tree(
    project: Project, staff_user: User, outsider: User, client_for: ClientFor
) -> None:
    first = services.driver_add(project=project, parent=None, text="Night care")
    second = services.driver_add(project=project, parent=None, text="Environment")
    idea = make_idea(project, staff_user, driver=first)
    url = f"/o/riverside/projects/ideas/{idea.pk}/place/"
    response = client_for(staff_user).post(
        url, {"title": "Night lights", "driver": second.pk}, HTTP_HX_REQUEST="true"
    )
    assert "Night lights" in response.content.decode()
    idea.refresh_from_db()
    assert (idea.title, idea.driver) == ("Night lights", second)
    assert (
        client_for(outsider)
        .post(f"/o/hillside/projects/ideas/{idea.pk}/place/", {"title": "x"})
        .status_code
        == 404
    )
    idea.refresh_from_db()
    assert idea.title == "Night lights"
