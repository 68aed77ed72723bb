"""/api/v1/: every endpoint reads the caller's organisation only, through the same
``for_organisation`` querysets the pages use, and checks the caller's role as pages do."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Status
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.throttling import AuthRateThrottle

from kaizen.accounts.roles import Capability
from kaizen.api import points
from kaizen.api.auth import SessionAuth, TokenAuth, caller
from kaizen.api.projects import Invalid
from kaizen.api.projects import router as projects
from kaizen.api.schemas import (
    UNAUTHORISED,
    EventOut,
    IdeaOut,
    MeasureOut,
    Message,
    PointsIn,
    PointsOut,
    ProblemsOut,
    SpcOut,
)
from kaizen.events.models import Event
from kaizen.ideas.models import Idea
from kaizen.measures.models import Measure

api = NinjaAPI(
    title="Kaizen API",
    version="1",
    description="Measures, their SPC charts and data, improvement projects, ideas and events, "
    "for the organisation a personal access token belongs to, or (signed in to Kaizen in the "
    "browser) the one the X-Kaizen-Organisation header names.",
    urls_namespace="api-v1",
    # A token for scripts; the session (with its CSRF token for changes) for the browser.
    auth=[TokenAuth(), SessionAuth()],
    throttle=[AuthRateThrottle(settings.API_RATE_LIMIT)],
    # Our own docs page (kaizen.api.views.docs): Ninja's loads Swagger UI from a CDN with an
    # inline script, which the Content-Security-Policy forbids.
    docs_url=None,
)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    problems = [{"index": None, "kind": "invalid", "message": m} for m in error.messages]
    return api.create_response(request, {"detail": problems}, status=422)


@api.exception_handler(Invalid)
def _refused(request: HttpRequest, error: Invalid) -> HttpResponse:
    return api.create_response(request, {"detail": error.problems}, status=422)


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
        return Status(422, {"detail": outcome})
    return outcome


@api.get("/ideas", response={200: list[IdeaOut], **UNAUTHORISED}, tags=["ideas and events"])
@paginate(LimitOffsetPagination)
def staff_idea_list(request: HttpRequest) -> QuerySet[Idea]:
    """Ideas raised by staff (read only: ideas are raised and answered on their pages)."""
    ideas = Idea.objects.for_organisation(caller(request).organisation)
    return ideas.select_related("status").order_by("-raised_at", "pk")


@api.get("/events", response={200: list[EventOut], **UNAUTHORISED}, tags=["ideas and events"])
@paginate(LimitOffsetPagination)
def event_list(request: HttpRequest) -> QuerySet[Event]:
    """Rapid process improvement weeks and kaizen events (read only)."""
    return Event.objects.filter(organisation=caller(request).organisation).order_by("-starts_on")


api.add_router("", projects)
