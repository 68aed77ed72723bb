"""Projects, change ideas and cycles started through the API, under the pages' rules; and the
browser's session as a credential, with its CSRF token for any change."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kaizen.accounts.models import Membership, Organisation, User
from kaizen.accounts.roles import Role
from kaizen.projects.models import ChangeIdea, PDSACycle, Project
from kaizen.testing import make_idea, make_measure, make_member, make_project

pytestmark = pytest.mark.django_db
# The `bearer` fixture (conftest.py): a client sending a new token of a member.
Bearer = Callable[..., Client]


def _project(lead: User, title: str = "Fewer falls") -> dict[str, Any]:
    # The method's first stage (scoping) needs the problem and a lead, as on the page.
    return {"title": title, "problem": "Falls at night", "lead_id": lead.pk}


def _post(client: Client, path: str, body: dict[str, Any], **extra: Any) -> Any:
    return client.post(f"/api/v1{path}", json.dumps(body), content_type="application/json", **extra)


def test_a_member_starts_a_project_an_idea_and_a_cycle(
    org: Organisation, staff_user: User, bearer: Bearer
) -> None:
    client = bearer(staff_user, org, scope="write")
    response = _post(client, "/projects", {"title": "Fewer falls", "lead_id": staff_user.pk})
    assert response.status_code == 422
    assert "problem in the team's words" in response.json()["detail"][0]["message"]
    response = _post(client, "/projects", _project(staff_user))
    assert response.status_code == 201, response.content
    project = Project.objects.get(pk=response.json()["id"])
    assert (project.organisation, project.lead) == (org, staff_user)

    response = _post(client, "/change-ideas", {"project": project.pk, "title": "Rounding"})
    assert response.status_code == 201, response.content
    idea = ChangeIdea.objects.get(pk=response.json()["id"], project=project)

    plan = {"idea": idea.pk, "title": "One bay", "objective": "Is hourly rounding feasible?"}
    response = _post(client, "/cycles", plan)
    assert response.status_code == 201, response.content
    assert PDSACycle.objects.get(pk=response.json()["id"], idea=idea).number == 1


def test_only_the_team_coaches_and_admins_change_a_project(
    org: Organisation, staff_user: User, coach_user: User, bearer: Bearer
) -> None:
    project = make_project(org, staff_user)
    idea = make_idea(project, staff_user)
    colleague = make_member(org, Role.STAFF, "colleague@riverside.example")
    outside_team = bearer(colleague, org, scope="write")
    assert (
        _post(outside_team, "/change-ideas", {"project": project.pk, "title": "X"}).status_code
        == 403
    )
    plan = {"idea": idea.pk, "title": "X", "objective": "Y"}
    assert _post(outside_team, "/cycles", plan).status_code == 403
    coach = bearer(coach_user, org, scope="write")
    assert _post(coach, "/change-ideas", {"project": project.pk, "title": "X"}).status_code == 201
    assert ChangeIdea.objects.filter(project=project).count() == 2


def test_roles_and_read_tokens_cannot_start_work(
    org: Organisation, staff_user: User, board_user: User, bearer: Bearer
) -> None:
    read_only = bearer(staff_user, org)
    assert _post(read_only, "/projects", {"title": "Fewer falls"}).status_code == 403
    board = bearer(board_user, org)
    assert _post(board, "/projects", {"title": "Fewer falls"}).status_code == 403
    assert not Project.objects.exists()


def test_bad_fields_are_named_and_nothing_is_stored(
    org: Organisation, staff_user: User, bearer: Bearer
) -> None:
    client = bearer(staff_user, org, scope="write")
    response = _post(client, "/projects", {"title": "Falls of NHS 943 476 5919"})
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["field"] == "title"
    assert "NHS number" in problem["message"]

    response = _post(client, "/projects", {"problem": "No title"})
    assert response.status_code == 422  # the schema's own check: a title is required
    response = _post(client, "/projects", {"title": "T", "aim_by_when": "next week"})
    assert response.status_code == 422
    assert not Project.objects.exists()


# ---------------------------------------------------------------------------------------------
# The browser's session


def _signed_in(user: User) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_the_session_reads_and_changes_with_its_csrf_token(
    org: Organisation, staff_user: User
) -> None:
    make_measure(org, [1, 2], by=staff_user, name="Falls")
    client = _signed_in(staff_user)
    listed = client.get("/api/v1/measures").json()["items"]
    assert [m["name"] for m in listed] == ["Falls"]

    refused = _post(client, "/projects", {"title": "Fewer falls"})
    assert refused.status_code == 403  # no CSRF token: as a form posted from elsewhere
    client.get("/api/docs/")  # any page sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    allowed = _post(client, "/projects", _project(staff_user), HTTP_X_CSRFTOKEN=token)
    assert allowed.status_code == 201, allowed.content
    assert Project.objects.filter(organisation=org, title="Fewer falls").exists()


def test_a_member_of_two_organisations_names_the_one_meant(
    org: Organisation, other_org: Organisation, staff_user: User, outsider: User
) -> None:
    make_measure(org, [1], by=staff_user, name="Ours")
    make_measure(other_org, [1], by=outsider, name="Theirs")
    Membership.objects.create(user=staff_user, organisation=other_org, role=Role.STAFF)
    client = _signed_in(staff_user)
    assert client.get("/api/v1/measures").status_code == 401  # which one is meant?
    named = client.get("/api/v1/measures", headers={"X-Kaizen-Organisation": org.slug})
    assert [m["name"] for m in named.json()["items"]] == ["Ours"]
    strangers = Client()
    strangers.force_login(make_member(org, Role.STAFF, "new@riverside.example"))
    response = strangers.get("/api/v1/measures", headers={"X-Kaizen-Organisation": "hillside"})
    assert response.status_code == 401  # not a member of the organisation named
