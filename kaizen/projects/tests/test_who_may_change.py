"""Who may change a project: a matrix of role x relationship to the project, through the rule,
a forced request (403 on the styled page) and the page's controls (hidden)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from kaizen.accounts.models import Membership, Organisation, User
from kaizen.accounts.roles import Role
from kaizen.projects.models import Project, TeamMember
from kaizen.projects.permissions import can_change_project
from kaizen.testing import make_member, make_project, make_team_member

ClientFor = Callable[[User], Client]

RELATIONSHIPS = (
    "none",
    "lead",
    "sponsor",
    "team",
    "informed",
    "consulted",
    "co_designed",
    "co_led",
)

# Roles whose capabilities include running projects; the board only reads.
RUNS_PROJECTS = {Role.STAFF, Role.COACH, Role.LEADER, Role.PATIENT_PARTNER, Role.ADMIN}


def expected(role: Role, relationship: str) -> bool:
    if role not in RUNS_PROJECTS:
        return False
    if role in (Role.COACH, Role.ADMIN):
        return True
    if relationship in ("lead", "sponsor", "co_designed", "co_led"):
        return True
    # A staff-like team seat edits; a patient partner's seat edits only when co-producing.
    return relationship == "team" and role != Role.PATIENT_PARTNER


def place(project: Project, owner: User, who: User, relationship: str) -> None:
    if relationship in ("lead", "sponsor"):
        setattr(project, relationship, who)
        project.save()
    elif relationship == "team":
        make_team_member(project, owner, user=who)
    elif relationship != "none":
        make_team_member(
            project, owner, user=who, is_patient_partner=True, involvement=relationship
        )


@pytest.fixture
def owner(org: Organisation) -> User:
    return make_member(org, Role.STAFF, "owner@riverside.example")


@pytest.mark.parametrize("relationship", RELATIONSHIPS)
@pytest.mark.parametrize("role", list(Role))
def test_the_rule(org: Organisation, owner: User, role: Role, relationship: str) -> None:
    project = make_project(org, owner)
    who = make_member(org, role, f"who@{org.slug}.example")
    place(project, owner, who, relationship)
    membership = Membership.objects.get(user=who, organisation=org)
    assert can_change_project(membership, project) is expected(role, relationship)


@pytest.mark.parametrize(
    ("role", "relationship"),
    [
        (Role.PATIENT_PARTNER, "none"),
        (Role.PATIENT_PARTNER, "informed"),
        (Role.STAFF, "none"),
        (Role.LEADER, "none"),
        (Role.BOARD, "sponsor"),
    ],
)
def test_a_reader_is_refused_every_change_and_sees_no_controls(
    org: Organisation, owner: User, client_for: ClientFor, role: Role, relationship: str
) -> None:
    project = make_project(org, owner)
    idea_page = f"/o/{org.slug}/projects/{project.pk}/ideas/new/"
    who = make_member(org, role, f"who@{org.slug}.example")
    place(project, owner, who, relationship)
    client = client_for(who)
    base = f"/o/{org.slug}/projects/{project.pk}/"
    page = client.get(base).content.decode()
    assert "Edit the project" not in page and "Set status" not in page
    assert "Add comment" in page  # readers still comment
    for url, data in [
        (base + "edit/", {"title": "Taken over"}),
        (base + "status/", {"status": project.status_id}),
        (base + "team/", {"role": "Nurse", "name": "Someone"}),
        (base + "drivers/add/", {"text": "A driver"}),
        (idea_page, {"title": "An idea"}),
    ]:
        response = client.post(url, data)
        assert response.status_code in (403, 404 if role == Role.BOARD else 403), url
        if response.status_code == 403:
            assert "nhsuk-header" in response.content.decode()  # the styled page
    project.refresh_from_db()
    assert project.title == "Fewer falls"
    assert client.post(base + "comments/", {"body": "Could nights try this?"}).status_code == 302
    assert project.comments.filter(body="Could nights try this?").exists()


@pytest.mark.parametrize(
    ("role", "relationship"),
    [(Role.STAFF, "team"), (Role.COACH, "none"), (Role.PATIENT_PARTNER, "co_led")],
)
def test_a_changer_changes_and_sees_the_controls(
    org: Organisation, owner: User, client_for: ClientFor, role: Role, relationship: str
) -> None:
    project = make_project(org, owner)
    who = make_member(org, role, f"who@{org.slug}.example")
    place(project, owner, who, relationship)
    client = client_for(who)
    base = f"/o/{org.slug}/projects/{project.pk}/"
    assert "Edit the project" in client.get(base).content.decode()
    assert client.post(base + "drivers/add/", {"text": "Safer nights"}).status_code == 302
    assert project.drivers.filter(text="Safer nights").exists()


def test_a_person_sits_on_a_team_once(org: Organisation, owner: User) -> None:
    from django.core.exceptions import ValidationError

    project = make_project(org, owner)
    colleague = make_member(org, Role.STAFF, "colleague@riverside.example")
    make_team_member(project, owner, user=colleague)
    with pytest.raises(ValidationError, match="already on the team"):
        make_team_member(project, owner, user=colleague, role="Data analyst")
    assert TeamMember.objects.filter(project=project, user=colleague).count() == 1
