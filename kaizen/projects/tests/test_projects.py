"""Projects: creating from the method template, required fields, editing, team, scores, and
isolation between organisations."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.activity.models import Notification
from kaizen.changes import StaleEdit
from kaizen.projects import services
from kaizen.projects.models import MethodStage, Project, TeamMember
from kaizen.testing import make_project

ClientFor = Callable[[User], Client]


def test_it_creates_a_project_on_the_default_method(
    org: Organisation, staff_user: User, client_for: ClientFor
) -> None:
    response = client_for(staff_user).post(
        "/o/riverside/projects/new/",
        {
            "title": "Fewer falls on Ward 7",
            "problem": "Patients fall at night on the way to the toilet",
            "aim_what": "Reduce falls with harm",
            "aim_how_much": "from 6 to 3 a month",
            "aim_by_when": "2027-06-30",
            "lead": staff_user.pk,
        },
    )
    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert project.method.key == "mfi"
    assert project.stage is not None and project.stage.order == 1
    assert project.status.kind == "proposed"
    assert project.created_by == staff_user
    page = client_for(staff_user).get(project.get_absolute_url())
    assert "Reduce falls with harm from 6 to 3 a month by 30 June 2027" in page.content.decode()


def test_it_enforces_the_first_stage_required_fields(
    org: Organisation, staff_user: User, client_for: ClientFor
) -> None:
    response = client_for(staff_user).post("/o/riverside/projects/new/", {"title": "Vague"})
    assert response.status_code == 200
    assert "Scoping needs the problem in the team&#39;s words, a project lead." in (
        response.content.decode()
    )
    assert not Project.objects.exists()


def test_it_refuses_a_later_stage_until_its_fields_are_there(
    org: Organisation, staff_user: User
) -> None:
    project = make_project(org, staff_user)
    aim_stage = MethodStage.objects.get(method=project.method, order=2)
    with pytest.raises(ValidationError, match=r"how much .* by when .* at least one linked"):
        services.project_move_stage(project=project, stage=aim_stage, by=staff_user)


def test_it_refuses_a_stale_project_edit(org: Organisation, staff_user: User) -> None:
    project = make_project(org, staff_user)
    services.project_update(
        project=project, by=staff_user, version=1, values={"title": "First"}, tags=[]
    )
    stale = Project.objects.get(pk=project.pk)
    with pytest.raises(StaleEdit):
        services.project_update(
            project=stale, by=staff_user, version=1, values={"title": "Second"}, tags=[]
        )
    assert Project.objects.get(pk=project.pk).title == "First"


def test_it_records_the_progress_score_history(org: Organisation, staff_user: User) -> None:
    project = make_project(org, staff_user)
    services.progress_score_record(project=project, score=Decimal("1.5"), note="", by=staff_user)
    services.progress_score_record(project=project, score=Decimal("2.5"), note="", by=staff_user)
    assert [s.score for s in project.scores.all()] == [Decimal("2.5"), Decimal("1.5")]
    assert Project.objects.get(pk=project.pk).progress_score == Decimal("2.5")
    with pytest.raises(ValidationError):
        services.progress_score_record(
            project=project, score=Decimal("5.5"), note="", by=staff_user
        )


def test_it_adds_patient_partners_and_tells_the_team(
    org: Organisation, staff_user: User, coach_user: User
) -> None:
    project = make_project(org, staff_user)
    partner = TeamMember(name="Pat", role="Patient partner", is_patient_partner=True)
    with pytest.raises(ValidationError, match="how involved"):
        services.team_member_add(project=project, by=coach_user, member=partner)
    partner.involvement = TeamMember.Involvement.CO_DESIGNED
    services.team_member_add(project=project, by=coach_user, member=partner)
    assert project.is_co_produced()
    note = Notification.objects.get(recipient=staff_user)
    assert note.kind == "joined" and "Pat joined" in note.text


def test_a_board_member_can_read_but_not_start_projects(
    org: Organisation, staff_user: User, board_user: User, client_for: ClientFor
) -> None:
    project = make_project(org, staff_user)
    client = client_for(board_user)
    assert client.get(project.get_absolute_url()).status_code == 200
    assert client.get("/o/riverside/projects/new/").status_code == 403
    assert client.post(f"/o/riverside/projects/{project.pk}/edit/", {}).status_code == 403


def test_another_organisation_cannot_read_or_change_a_project(
    org: Organisation, staff_user: User, outsider: User, client_for: ClientFor
) -> None:
    project = make_project(org, staff_user)
    client = client_for(outsider)
    # Through its own organisation's URLs, with this organisation's project id.
    for path in ("", "edit/", "drivers/", "drivers.svg"):
        assert client.get(f"/o/hillside/projects/{project.pk}/{path}").status_code == 404
    response = client.post(
        f"/o/hillside/projects/{project.pk}/edit/", {"title": "Hijacked", "version": 1}
    )
    assert response.status_code == 404
    assert (
        client.post(f"/o/hillside/projects/{project.pk}/comments/", {"body": "x"}).status_code
        == 404
    )
    # And through this organisation's URLs, which it is not a member of.
    assert client.get(project.get_absolute_url()).status_code == 404
    assert Project.objects.get(pk=project.pk).title == "Fewer falls"


def test_it_limits_related_choices_to_the_organisation(
    org: Organisation, staff_user: User, outsider: User, client_for: ClientFor
) -> None:
    response = client_for(staff_user).post(
        "/o/riverside/projects/new/",
        {"title": "T", "problem": "P", "lead": outsider.pk},
    )
    assert response.status_code == 200
    assert not Project.objects.exists()


def test_a_team_member_can_be_removed_but_not_by_another_organisation(
    org: Organisation, staff_user: User, outsider: User, client_for: ClientFor
) -> None:
    project = make_project(org, staff_user)
    member = services.team_member_add(
        project=project, by=staff_user, member=TeamMember(name="Pat", role="Porter")
    )
    url = f"/team/{member.pk}/remove/"
    assert client_for(outsider).post(f"/o/hillside/projects{url}").status_code == 404
    assert TeamMember.objects.filter(pk=member.pk).exists()
    assert client_for(staff_user).post(f"/o/riverside/projects{url}").status_code == 302
    assert not TeamMember.objects.filter(pk=member.pk).exists()
    assert project.activities.filter(text="Pat left the team").exists()
