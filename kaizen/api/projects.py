"""Projects, their change ideas, PDSA cycles and verdicts: read, and started under the pages'
own rules.

Each request to start one is checked by the page's form (the same fields, messages and
screening for patient-identifiable data) and the page's permission rule (a project's lead,
sponsor and team, coaches and admins change it), and written by the same service, so the API
can do nothing the pages would refuse."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from kaizen.accounts.roles import Capability
from kaizen.api.auth import Caller, caller
from kaizen.api.schemas import (
    UNAUTHORISED,
    ChangeIdeaIn,
    ChangeIdeaOut,
    CycleIn,
    CycleOut,
    ProblemsOut,
    ProjectIn,
    ProjectOut,
    VerdictOut,
)
from kaizen.projects import services
from kaizen.projects.forms import CycleNewForm, IdeaForm, ProjectForm
from kaizen.projects.models import ChangeIdea, MeasureLink, PDSACycle, Project
from kaizen.projects.permissions import can_change_project

router = Router(tags=["projects"])
REFUSED = {422: ProblemsOut, **UNAUTHORISED}


class Invalid(Exception):
    """The request's fields, refused as the page's form refuses them."""

    def __init__(self, problems: list[dict[str, Any]]) -> None:
        super().__init__("invalid")
        self.problems = problems


def _checked(form: forms.BaseForm) -> dict[str, Any]:
    if not form.is_valid():
        raise Invalid(
            [
                {"index": None, "kind": "invalid", "field": name, "message": message}
                for name, messages in form.errors.items()
                for message in messages
            ]
        )
    return {k: v for k, v in form.cleaned_data.items() if k not in ("tags", "version")}


def _saved(write: Any) -> Any:
    try:
        return write()
    except ValidationError as error:
        raise Invalid(
            [{"index": None, "kind": "invalid", "message": m} for m in error.messages]
        ) from error


def _changeable(found: Caller, project: Project) -> None:
    if not can_change_project(found.membership, project):
        raise HttpError(
            403,
            "Only the project's lead, sponsor and team, improvement coaches and organisation "
            "admins can change this project",
        )


@router.get("/projects", response={200: list[ProjectOut], **UNAUTHORISED})
@paginate(LimitOffsetPagination)
def project_list(request: HttpRequest) -> QuerySet[Project]:
    organisation = caller(request).organisation
    return Project.objects.for_organisation(organisation).select_related("status", "stage")


@router.get("/projects/{project_id}", response={200: ProjectOut, **UNAUTHORISED})
def project_detail(request: HttpRequest, project_id: int) -> Project:
    organisation = caller(request).organisation
    projects = Project.objects.for_organisation(organisation).select_related("status", "stage")
    return get_object_or_404(projects, pk=project_id)


@router.get("/change-ideas", response={200: list[ChangeIdeaOut], **UNAUTHORISED})
@paginate(LimitOffsetPagination)
def idea_list(request: HttpRequest, project: int | None = None) -> QuerySet[ChangeIdea]:
    ideas = ChangeIdea.objects.for_organisation(caller(request).organisation)
    return ideas.filter(project_id=project) if project else ideas.order_by("pk")


@router.get("/cycles", response={200: list[CycleOut], **UNAUTHORISED})
@paginate(LimitOffsetPagination)
def cycle_list(request: HttpRequest, idea: int | None = None) -> QuerySet[PDSACycle]:
    cycles = PDSACycle.objects.for_organisation(caller(request).organisation)
    return cycles.filter(idea_id=idea) if idea else cycles.order_by("pk")


@router.get("/verdicts", response={200: list[VerdictOut], **UNAUTHORISED})
@paginate(LimitOffsetPagination)
def verdict_list(request: HttpRequest, project: int | None = None) -> QuerySet[MeasureLink]:
    """Whether each change tested moved its measure as predicted (kaizen_spc's judgement)."""
    organisation = caller(request).organisation
    links = MeasureLink.objects.filter(project__organisation=organisation)
    links = links.filter(idea__isnull=False) | links.filter(cycle__isnull=False)
    return links.filter(project_id=project) if project else links.order_by("pk")


@router.post(
    "/projects",
    response={201: ProjectOut, **REFUSED},
    summary="Start a project on the organisation's improvement method",
)
def project_create(request: HttpRequest, payload: ProjectIn) -> Status[Any]:
    found = caller(request, Capability.RUN_PROJECTS)
    form = ProjectForm(payload.model_dump(exclude_unset=True), organisation=found.organisation)
    values = _checked(form)
    project = _saved(
        lambda: services.project_create(
            organisation=found.organisation,
            by=found.membership.user,
            values=values,
            tags=list(form.cleaned_data["tags"]),
        )
    )
    return Status(201, Project.objects.select_related("status", "stage").get(pk=project.pk))


@router.post("/change-ideas", response={201: ChangeIdeaOut, **REFUSED}, summary="Add a change idea")
def idea_create(request: HttpRequest, payload: ChangeIdeaIn) -> Status[Any]:
    found = caller(request, Capability.RUN_PROJECTS)
    projects = Project.objects.for_organisation(found.organisation)
    project = get_object_or_404(projects, pk=payload.project)
    _changeable(found, project)
    data = payload.model_dump(exclude_unset=True, exclude={"project"})
    values = _checked(IdeaForm(data, project=project))
    by = found.membership.user
    return Status(201, _saved(lambda: services.idea_create(project=project, by=by, values=values)))


@router.post(
    "/cycles", response={201: CycleOut, **REFUSED}, summary="Plan the next PDSA cycle of an idea"
)
def cycle_create(request: HttpRequest, payload: CycleIn) -> Status[Any]:
    found = caller(request, Capability.RUN_PROJECTS)
    ideas = ChangeIdea.objects.for_organisation(found.organisation).select_related("project")
    idea = get_object_or_404(ideas, pk=payload.idea)
    _changeable(found, idea.project)
    values = _checked(CycleNewForm(payload.model_dump(exclude_unset=True, exclude={"idea"})))
    by = found.membership.user
    return Status(201, _saved(lambda: services.cycle_create(idea=idea, by=by, values=values)))
