"""/api/v1/: every endpoint reads the caller's organisation only, through the same
``for_organisation`` querysets the pages use, and checks the caller's role as pages do."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.throttling import AuthRateThrottle

from kaizen.accounts.roles import Capability
from kaizen.api import points
from kaizen.api.auth import TokenAuth, caller
from kaizen.api.schemas import (
    ChangeIdeaOut,
    CycleOut,
    MeasureOut,
    Message,
    PointsIn,
    PointsOut,
    ProblemsOut,
    ProjectOut,
    SpcOut,
    VerdictOut,
)
from kaizen.measures.models import Measure
from kaizen.projects.models import ChangeIdea, MeasureLink, PDSACycle, Project

api = NinjaAPI(
    title="Kaizen API",
    version="1",
    description="Measures, their SPC charts and data, and improvement projects, for the "
    "organisation a personal access token belongs to.",
    urls_namespace="api-v1",
    auth=TokenAuth(),
    throttle=[AuthRateThrottle(settings.API_RATE_LIMIT)],
    # Our own docs page (kaizen.api.views.docs): Ninja's loads Swagger UI from a CDN with an
    # inline script, which the Content-Security-Policy forbids.
    docs_url=None,
)
UNAUTHORISED = {401: Message, 403: Message, 404: Message}


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    problems = [{"index": None, "kind": "invalid", "message": m} for m in error.messages]
    return api.create_response(request, {"detail": problems}, status=422)


@api.get("/measures", response={200: list[MeasureOut], **UNAUTHORISED}, tags=["measures"])
@paginate(LimitOffsetPagination)
def measure_list(request: HttpRequest) -> QuerySet[Measure]:
    return Measure.objects.for_organisation(caller(request).organisation).order_by("name")


def _measure(request: HttpRequest, measure_id: int) -> Measure:
    organisation = caller(request).organisation
    return get_object_or_404(Measure.objects.for_organisation(organisation), pk=measure_id)


@api.get("/measures/{measure_id}", response={200: MeasureOut, **UNAUTHORISED}, tags=["measures"])
def measure_detail(request: HttpRequest, measure_id: int) -> Measure:
    return _measure(request, measure_id)


@api.get("/measures/{measure_id}/spc", response={200: SpcOut, **UNAUTHORISED}, tags=["measures"])
def measure_spc(request: HttpRequest, measure_id: int) -> dict[str, Any]:
    """The measure's SPC chart as Kaizen draws it: every point with its limits and signals,
    and the summary with the Making Data Count icons."""
    measure = _measure(request, measure_id)
    snapshot = measure.current_snapshot()
    fields = snapshot["fields"]
    return {
        "measure": measure.pk,
        "summary": snapshot["summary"],
        "points": [dict(zip(fields, row, strict=True)) for row in snapshot["points"]],
    }


@api.post(
    "/datapoints",
    response={200: PointsOut, 422: ProblemsOut, 401: Message, 403: Message},
    tags=["measures"],
)
def datapoints_upsert(request: HttpRequest, payload: PointsIn) -> Any:
    """Add or replace many data points of many measures at once: all or nothing. Each problem
    names the point by its index; patient-identifiable data are refused as in an upload."""
    found = caller(request, Capability.ENTER_DATA)
    outcome = points.upsert(payload.points, membership=found.membership)
    if isinstance(outcome, list):
        return 422, {"detail": outcome}
    return outcome


@api.get("/projects", response={200: list[ProjectOut], **UNAUTHORISED}, tags=["projects"])
@paginate(LimitOffsetPagination)
def project_list(request: HttpRequest) -> QuerySet[Project]:
    organisation = caller(request).organisation
    return Project.objects.for_organisation(organisation).select_related("status", "stage")


@api.get("/projects/{project_id}", response={200: ProjectOut, **UNAUTHORISED}, tags=["projects"])
def project_detail(request: HttpRequest, project_id: int) -> Project:
    organisation = caller(request).organisation
    projects = Project.objects.for_organisation(organisation).select_related("status", "stage")
    return get_object_or_404(projects, pk=project_id)


@api.get("/change-ideas", response={200: list[ChangeIdeaOut], **UNAUTHORISED}, tags=["projects"])
@paginate(LimitOffsetPagination)
def idea_list(request: HttpRequest, project: int | None = None) -> QuerySet[ChangeIdea]:
    ideas = ChangeIdea.objects.for_organisation(caller(request).organisation)
    return ideas.filter(project_id=project) if project else ideas.order_by("pk")


@api.get("/cycles", response={200: list[CycleOut], **UNAUTHORISED}, tags=["projects"])
@paginate(LimitOffsetPagination)
def cycle_list(request: HttpRequest, idea: int | None = None) -> QuerySet[PDSACycle]:
    cycles = PDSACycle.objects.for_organisation(caller(request).organisation)
    return cycles.filter(idea_id=idea) if idea else cycles.order_by("pk")


@api.get("/verdicts", response={200: list[VerdictOut], **UNAUTHORISED}, tags=["projects"])
@paginate(LimitOffsetPagination)
def verdict_list(request: HttpRequest, project: int | None = None) -> QuerySet[MeasureLink]:
    """Whether each change tested moved its measure as predicted (kaizen_spc's judgement)."""
    organisation = caller(request).organisation
    links = MeasureLink.objects.filter(project__organisation=organisation)
    links = links.filter(idea__isnull=False) | links.filter(cycle__isnull=False)
    return links.filter(project_id=project) if project else links.order_by("pk")
