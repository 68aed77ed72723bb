"""The API's shapes, declared once as typed classes: they validate requests and write the
OpenAPI schema."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, NotRequired

from ninja import Field, ModelSchema, Schema
from pydantic import BaseModel

# pydantic needs this TypedDict before Python 3.12.
from typing_extensions import TypedDict

from kaizen.events.models import Event
from kaizen.ideas.models import Idea
from kaizen.measures.forms import DEFINITION_FIELDS
from kaizen.measures.models import Measure
from kaizen.projects.forms import IdeaForm, ProjectForm
from kaizen.projects.models import (
    CYCLE_PHASE_FIELDS,
    ChangeIdea,
    MeasureLink,
    PDSACycle,
    Project,
)

MAX_POINTS_PER_REQUEST = 100_000


class MeasureOut(ModelSchema):
    """The measure's operational definition: the fields its form edits."""

    class Meta:
        model = Measure
        fields = ["id", *DEFINITION_FIELDS, "updated_at"]


class SpcOut(Schema):
    measure: int
    summary: dict[str, Any] = Field(
        description="Limits now, the Making Data Count icons (variation_icon, assurance_icon) "
        "and run statistics"
    )
    points: list[dict[str, Any]] = Field(description="Each period's value, limits and signals")


# A typed dict, not a model: pydantic checks 100,000 of them in a twentieth of a second, and
# 100,000 models in half a second (Ninja's Schema, through its Django-aware wrapper, in a second).
class PointIn(TypedDict):
    measure: Annotated[int, Field(description="The measure's id")]
    period: Annotated[
        dt.date, Field(description="Any day of the period; stored as the period's start")
    ]
    value: NotRequired[float | None]
    numerator: NotRequired[float | None]
    denominator: NotRequired[float | None]
    note: NotRequired[str]


class PointsIn(BaseModel):
    points: list[PointIn] = Field(max_length=MAX_POINTS_PER_REQUEST)


class PointsOut(Schema):
    new: int
    changed: int
    unchanged: int
    measures: int


class Problem(Schema):
    index: int | None = Field(description="The point's position in `points`, from 0")
    kind: str
    field: str | None = Field(None, description="The field the message is about, if one")
    message: str


class ProblemsOut(Schema):
    detail: list[Problem]


class Message(Schema):
    detail: str


# What any endpoint may answer instead: no credential, a role that may not, or no such record
# in the caller's organisation.
UNAUTHORISED = {401: Message, 403: Message, 404: Message}


class ProjectOut(ModelSchema):
    status: str = Field(alias="status.name")
    stage: str | None = Field(None, alias="stage.name")

    class Meta:
        model = Project
        fields = [
            "id",
            "title",
            "problem",
            "aim_what",
            "aim_for_whom",
            "aim_how_much",
            "aim_by_when",
            "progress_score",
            "fidelity",
            "started_on",
            "updated_at",
        ]


class ChangeIdeaOut(ModelSchema):
    project: int = Field(alias="project_id")

    class Meta:
        model = ChangeIdea
        fields = ["id", "title", "description", "stage", "stage_reason", "started_on"]


class CycleOut(ModelSchema):
    idea: int = Field(alias="idea_id")
    phase: str

    class Meta:
        model = PDSACycle
        fields = [
            "id",
            "number",
            "title",
            "objective",
            "prediction",
            "planned_start",
            "planned_end",
            "started_on",
            "results",
            "studied_on",
            "decision",
            "learned",
            "closed_on",
        ]


class VerdictOut(ModelSchema):
    project: int = Field(alias="project_id")
    idea: int | None = Field(None, alias="idea_id")
    cycle: int | None = Field(None, alias="cycle_id")
    measure: int = Field(alias="measure_id")

    class Meta:
        model = MeasureLink
        fields = ["id", "direction", "verdict", "verdict_detail", "points_needed", "verdict_at"]


# What a page's form takes, as the API takes it: the same fields (a person or record by its
# id), checked by that form.
class ProjectIn(ModelSchema):
    class Meta:
        model = Project
        fields = ProjectForm.Meta.fields
        fields_optional = ["tags"]


class ChangeIdeaIn(ModelSchema):
    project: int = Field(description="The project's id")

    class Meta:
        model = ChangeIdea
        fields = IdeaForm.Meta.fields


class CycleIn(ModelSchema):
    idea: int = Field(description="The change idea's id")

    class Meta:
        model = PDSACycle
        fields = list(CYCLE_PHASE_FIELDS["plan"])


class IdeaOut(ModelSchema):
    """An idea raised by staff, without the people's names (the page shows them to members)."""

    status: str = Field(alias="status.name")
    status_kind: str = Field(alias="status.kind")
    project: int | None = Field(None, alias="project_id")
    change_idea: int | None = Field(None, alias="change_idea_id")

    class Meta:
        model = Idea
        fields = ["id", "problem", "proposal", "answer", "raised_at", "first_answered_at"]
        fields_optional = ["first_answered_at"]


class EventOut(ModelSchema):
    class Meta:
        model = Event
        fields = ["id", "kind", "title", "scope", "starts_on", "ends_on"]
