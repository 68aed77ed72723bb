"""The endpoints' answers for a member of the organisation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.measures.models import DataPoint
from kaizen.testing import make_cycle, make_idea, make_measure, make_project

pytestmark = pytest.mark.django_db
# The `bearer` fixture (conftest.py): a client sending a new token of a member.
Bearer = Callable[..., Client]


def test_measures_are_listed_paginated_with_their_definitions(
    org: Organisation, staff_user: User, bearer: Bearer
) -> None:
    for name in ("A", "B", "C"):
        make_measure(org, [1, 2], by=staff_user, name=name, description=f"About {name}")
    page = bearer(staff_user, org).get("/api/v1/measures?limit=2&offset=1").json()
    assert page["count"] == 3
    assert [item["name"] for item in page["items"]] == ["B", "C"]
    assert page["items"][0]["description"] == "About B"


def test_the_spc_result_has_points_limits_and_icons(
    org: Organisation, staff_user: User, bearer: Bearer
) -> None:
    measure = make_measure(org, [10, 12, 11, 13, 12, 11, 30], by=staff_user)
    body = bearer(staff_user, org).get(f"/api/v1/measures/{measure.pk}/spc").json()
    assert len(body["points"]) == 7
    assert body["points"][-1]["value"] == 30
    assert body["points"][-1]["outside_limits"] is True
    assert body["summary"]["variation_icon"]
    assert "upper" in body["points"][0]


def test_projects_ideas_cycles_and_verdicts(
    org: Organisation, staff_user: User, bearer: Bearer
) -> None:
    project = make_project(org, staff_user)
    idea = make_idea(project, staff_user)
    cycle = make_cycle(idea, staff_user)
    client = bearer(staff_user, org)
    assert client.get("/api/v1/projects").json()["items"][0]["title"] == project.title
    assert client.get(f"/api/v1/projects/{project.pk}").json()["status"]
    ideas = client.get(f"/api/v1/change-ideas?project={project.pk}").json()["items"]
    assert [i["id"] for i in ideas] == [idea.pk]
    cycles = client.get(f"/api/v1/cycles?idea={idea.pk}").json()["items"]
    assert [(c["id"], c["phase"]) for c in cycles] == [(cycle.pk, "Plan")]
    assert client.get("/api/v1/verdicts").json()["count"] == 0


def _post(client: object, points: list[dict[str, object]]) -> object:
    return client.post(  # type: ignore[attr-defined]
        "/api/v1/datapoints", {"points": points}, content_type="application/json"
    )


def test_points_of_many_measures_are_stored_in_one_request(
    org: Organisation, staff_user: User, bearer: Bearer
) -> None:
    xmr = make_measure(org, by=staff_user, name="Waits", frequency="weekly")
    p = make_measure(org, by=staff_user, name="Seen", chart="p", frequency="monthly")
    client = bearer(staff_user, org, scope="write")
    points = [
        {"measure": xmr.pk, "period": "2024-01-03", "value": 4.5},
        {"measure": p.pk, "period": "2024-01-17", "numerator": 3, "denominator": 10},
    ]
    response = _post(client, points)
    assert response.status_code == 200, response.content  # type: ignore[attr-defined]
    assert response.json() == {"new": 2, "changed": 0, "unchanged": 0, "measures": 2}  # type: ignore[attr-defined]
    # Stored under the start of its period, as on the entry form.
    assert DataPoint.objects.get(measure=xmr).period == dt.date(2024, 1, 1)
    assert DataPoint.objects.get(measure=p).period == dt.date(2024, 1, 1)
    xmr.refresh_from_db()
    assert xmr.spc_headline["latest_value"] == 4.5
    assert _post(client, points).json()["unchanged"] == 2  # type: ignore[attr-defined]


def test_every_bad_point_is_named_and_nothing_is_stored(
    org: Organisation, other_org: Organisation, staff_user: User, outsider: User, bearer: Bearer
) -> None:
    good = make_measure(org, by=staff_user, name="Good")
    p = make_measure(org, by=staff_user, name="Seen", chart="p")
    theirs = make_measure(other_org, by=outsider, name="Theirs")
    future = (dt.date.today() + dt.timedelta(days=40)).isoformat()
    response = _post(
        bearer(staff_user, org, scope="write"),
        [
            {"measure": good.pk, "period": "2024-01-01", "value": 1},
            {"measure": 999999, "period": "2024-01-01", "value": 1},
            {"measure": theirs.pk, "period": "2024-01-01", "value": 1},
            {"measure": good.pk, "period": future, "value": 1},
            {"measure": p.pk, "period": "2024-01-01", "numerator": 5, "denominator": 4},
            {"measure": good.pk, "period": "2024-02-01"},
        ],
    )
    assert response.status_code == 422  # type: ignore[attr-defined]
    problems = response.json()["detail"]  # type: ignore[attr-defined]
    assert [(p["index"], p["kind"]) for p in problems] == [
        (1, "unknown measure"),
        (2, "unknown measure"),
        (3, "period in the future"),
        (4, "numerator above denominator"),
        (5, "missing value"),
    ]
    assert not DataPoint.objects.exists()


def test_wrong_types_are_a_422_naming_the_point(
    org: Organisation, staff_user: User, bearer: Bearer
) -> None:
    response = _post(
        bearer(staff_user, org, scope="write"),
        [{"measure": 1, "period": "2024-01-01", "value": 1}, {"measure": "x", "period": "soon"}],
    )
    assert response.status_code == 422  # type: ignore[attr-defined]
    locations = [e["loc"] for e in response.json()["detail"]]  # type: ignore[attr-defined]
    assert ["body", "payload", "points", 1, "measure"] in locations
    assert ["body", "payload", "points", 1, "period"] in locations


def test_patient_data_are_refused_as_in_an_upload(
    org: Organisation, staff_user: User, bearer: Bearer
) -> None:
    measure = make_measure(org, by=staff_user)
    response = _post(
        bearer(staff_user, org, scope="write"),
        [
            {"measure": measure.pk, "period": "2024-01-01", "value": 1, "note": "NHS 943 476 5919"},
            {
                "measure": measure.pk,
                "period": "2024-02-01",
                "value": 1,
                "note": "Mrs Smith, SW1A 1AA",
            },
        ],
    )
    assert response.status_code == 422  # type: ignore[attr-defined]
    problems = response.json()["detail"]  # type: ignore[attr-defined]
    assert problems and all(p["kind"] == "patient-identifiable data" for p in problems)
    assert not DataPoint.objects.exists()


def test_more_points_than_one_request_may_carry_is_refused(
    org: Organisation, staff_user: User, bearer: Bearer, settings: object
) -> None:
    from kaizen.api import schemas

    point = {"measure": 1, "period": "2024-01-01", "value": 1}
    response = _post(
        bearer(staff_user, org, scope="write"), [point] * (schemas.MAX_POINTS_PER_REQUEST + 1)
    )
    assert response.status_code == 422  # type: ignore[attr-defined]
    assert response.json()["detail"][0]["type"] == "too_long"  # type: ignore[attr-defined]
