"""Walks the OpenAPI schema, so a new endpoint is checked without anyone listing it: every
endpoint refuses a request without a token or session, answers 404 for another organisation's
records, lists none of them, and writes nothing into them or with them."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.api.endpoints import api
from kaizen.events.models import Event
from kaizen.events.services import event_create
from kaizen.ideas.models import Idea
from kaizen.ideas.services import idea_raise
from kaizen.measures.models import DataPoint
from kaizen.projects.services import measure_link_add
from kaizen.testing import make_cycle, make_idea, make_measure, make_project

pytestmark = pytest.mark.django_db
# The `bearer` fixture (conftest.py): a client sending a new token of a member.
Bearer = Callable[..., Client]
PARAMETER = re.compile(r"\{(\w+)\}")


def _operations() -> list[tuple[str, str]]:
    schema: dict[str, Any] = api.get_openapi_schema()
    return [(method, path) for path, item in schema["paths"].items() for method in item]


def _records(organisation: Organisation, by: User) -> dict[str, int]:
    slug = organisation.slug
    measure = make_measure(organisation, [1, 2, 3], by=by, name=f"{slug} waits")
    project = make_project(organisation, by, title=f"{slug} project")
    idea = make_idea(project, by)
    make_cycle(idea, by)
    measure_link_add(project=project, measure=measure, by=by, idea=idea, direction="increase")
    idea_raise(organisation=organisation, by=by, values={"problem": f"{slug} bell unanswered"})
    event = Event(
        organisation=organisation,
        title=f"{slug} discharge RPIW",
        starts_on=dt.date(2026, 3, 2),
        ends_on=dt.date(2026, 3, 6),
    )
    event_create(event=event, by=by)
    return {
        "measure_id": measure.pk,
        "project_id": project.pk,
        "idea_id": idea.pk,
        "user_id": by.pk,
    }


# A request body for each endpoint that writes, naming records of another organisation: every
# endpoint that writes must be listed here (the walk fails on one that is not).
def _writes(theirs: dict[str, int]) -> dict[str, dict[str, Any]]:
    return {
        "/api/v1/datapoints": {
            "points": [{"measure": theirs["measure_id"], "period": "2024-01-01", "value": 9}]
        },
        "/api/v1/projects": {"title": "Taken over", "lead_id": theirs["user_id"]},
        "/api/v1/change-ideas": {"project": theirs["project_id"], "title": "Taken over"},
        "/api/v1/cycles": {
            "idea": theirs["idea_id"],
            "title": "Taken over",
            "objective": "Write into another trust",
        },
    }


def test_the_walk_reaches_every_kind_of_record() -> None:
    paths = {path for _, path in _operations()}
    assert {"/api/v1/measures", "/api/v1/datapoints", "/api/v1/cycles"} <= paths
    assert len(paths) >= 9


def test_every_endpoint_needs_a_token(db: None) -> None:
    for method, path in _operations():
        url = PARAMETER.sub("1", path)
        response = getattr(Client(), method)(url, {}, content_type="application/json")
        assert response.status_code == 401, (method, path)


def test_no_endpoint_reaches_another_organisations_records(
    org: Organisation,
    other_org: Organisation,
    admin_user: User,
    outsider: User,
    bearer: Bearer,
) -> None:
    _records(org, admin_user)
    make_measure(org, [1], by=admin_user, name="Ours again")  # ids of ours and theirs differ
    theirs = _records(other_org, outsider)
    client = bearer(admin_user, org, scope="write")
    writes = _writes(theirs)
    before = _counts(other_org)
    for method, path in _operations():
        if method != "get":
            response = client.generic(
                method.upper(), path, json.dumps(writes[path]), content_type="application/json"
            )
            assert response.status_code in (404, 422), (path, response.content)
            continue
        if PARAMETER.search(path):
            url = PARAMETER.sub(lambda match: str(theirs[match[1]]), path)
            assert client.get(url).status_code == 404, path
            continue
        body = client.get(path).content.decode()
        # Their names (all start with their slug) and ids appear nowhere in our lists.
        assert other_org.slug not in body, path
        listed = {item["id"] for item in client.get(path).json()["items"]}
        assert listed, path  # the walk saw records of ours, and none of theirs
        assert not listed & _their_ids(path, other_org), path

    assert _counts(other_org) == before


def _counts(organisation: Organisation) -> dict[str, int]:
    """How many records of each kind ``organisation`` has, data points included."""
    return {path: len(_their_ids(path, organisation)) for path in LISTS} | {
        "points": DataPoint.objects.filter(measure__organisation=organisation).count()
    }


LISTS = (
    "/api/v1/measures",
    "/api/v1/projects",
    "/api/v1/change-ideas",
    "/api/v1/cycles",
    "/api/v1/verdicts",
    "/api/v1/ideas",
    "/api/v1/events",
)


def _their_ids(path: str, organisation: Organisation) -> set[int]:
    """The ids of ``organisation``'s records of the kind the list at ``path`` returns."""
    from kaizen.projects.models import ChangeIdea, MeasureLink, PDSACycle

    querysets: dict[str, Any] = {
        "/api/v1/measures": organisation.measures.all(),
        "/api/v1/projects": organisation.projects.all(),
        "/api/v1/change-ideas": ChangeIdea.objects.for_organisation(organisation),
        "/api/v1/cycles": PDSACycle.objects.for_organisation(organisation),
        "/api/v1/verdicts": MeasureLink.objects.filter(project__organisation=organisation),
        "/api/v1/ideas": Idea.objects.for_organisation(organisation),
        "/api/v1/events": Event.objects.filter(organisation=organisation),
    }
    return set(querysets[path].values_list("pk", flat=True))


def test_roles_decide_as_on_pages(
    org: Organisation, board_user: User, patient_user: User, bearer: Bearer
) -> None:
    """The board reads and cannot write; no role without ENTER_DATA gets a write token."""
    measure = make_measure(org, [1], by=board_user)
    client = bearer(board_user, org)
    assert client.get(f"/api/v1/measures/{measure.pk}").status_code == 200
    response = client.post("/api/v1/datapoints", {"points": []}, content_type="application/json")
    assert response.status_code == 403
