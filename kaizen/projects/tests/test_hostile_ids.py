"""Hand-crafted ids that are not numbers get a 400, never a 500, and change nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.projects import services
from kaizen.projects.models import DriverNode, Project
from kaizen.testing import make_idea, make_project

ClientFor = Callable[[User], Client]


@pytest.fixture
def project(org: Organisation, staff_user: User) -> Project:
    return make_project(org, staff_user, aim_what="Reduce falls")


@pytest.mark.parametrize("hostile", ["abc", "1.5", "-3", "0"])
def test_tree_and_stage_buttons_refuse_ids_that_are_not_ids(
    project: Project, staff_user: User, client_for: ClientFor, hostile: str
) -> None:
    client = client_for(staff_user)
    node = services.driver_add(project=project, parent=None, text="Night care")
    idea = make_idea(project, staff_user, driver=node)
    stage_before = project.stage_id
    posts = [
        (f"/o/riverside/projects/{project.pk}/drivers/add/", {"text": "x", "parent": hostile}),
        (f"/o/riverside/projects/drivers/{node.pk}/move/", {"parent": hostile}),
        (f"/o/riverside/projects/ideas/{idea.pk}/place/", {"title": "y", "driver": hostile}),
        (f"/o/riverside/projects/{project.pk}/stage/", {"stage": hostile}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 400, url
    assert list(DriverNode.objects.values_list("text", "parent")) == [("Night care", None)]
    idea.refresh_from_db()
    project.refresh_from_db()
    assert idea.title != "y" and idea.driver_id == node.pk and project.stage_id == stage_before


def test_an_id_of_nothing_still_means_the_top_of_the_tree(
    project: Project, staff_user: User, client_for: ClientFor
) -> None:
    url = f"/o/riverside/projects/{project.pk}/drivers/add/"
    response = client_for(staff_user).post(url, {"text": "Night care", "parent": ""})
    assert response.status_code == 302
    assert DriverNode.objects.get().parent is None
