"""The maturity self-assessment: recorded with a rating and reasoning per NHS IMPACT component,
compared over time, evidenced by the platform's indicators, with owned actions; private to the
organisation and changed only by those who set the strategy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.accounts.roles import PERMISSIONS, Capability, Role
from kaizen.programme.maturity import STARTING_QUESTIONS
from kaizen.programme.models import Component, MaturityAction, MaturityAssessment
from kaizen.programme.services import indicators_refresh
from kaizen.testing import make_cycle, make_idea, make_project

ClientFor = Callable[[User], Client]
BASE = "/o/riverside/programme/maturity/"


def answers(day: str, rating: int, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"assessed_on": day, "participants": "The board and two wards"}
    for component in Component:
        values[f"{component}-questions"] = f"Our question on {component}"
        values[f"{component}-rating"] = rating
        values[f"{component}-reasoning"] = f"Reasons for {component}"
    return values | overrides


def test_a_leader_records_assessments_that_compare_over_time(
    org: Organisation, leader_user: User, board_user: User, client_for: ClientFor
) -> None:
    client = client_for(leader_user)
    first = client.post(BASE + "new/", answers("2025-01-10", 2))
    assessment = MaturityAssessment.objects.get()
    assert first["Location"] == f"{BASE}{assessment.pk}/"
    assert assessment.ratings.count() == 5
    # A new one starts from the last one's questions.
    assert "Our question on purpose" in client.get(BASE + "new/").content.decode()
    client.post(BASE + "new/", answers("2026-01-10", 3, **{"capability-rating": 4}))
    page = client_for(board_user).get(BASE).content.decode()
    assert page.index("10 January 2026") < page.index("10 January 2025")
    assert "4: embedding across the organisation" in page
    assert "<svg" in page


def test_the_first_assessment_offers_the_starting_questions(
    org: Organisation, coach_user: User, client_for: ClientFor
) -> None:
    page = client_for(coach_user).get(BASE + "new/").content.decode()
    assert STARTING_QUESTIONS[Component.SYSTEMS].split(",")[0] in page


def test_a_missing_rating_or_reason_says_what_to_fix(
    org: Organisation, leader_user: User, client_for: ClientFor
) -> None:
    data = answers("2025-01-10", 2, **{"people-rating": "", "systems-reasoning": ""})
    page = client_for(leader_user).post(BASE + "new/", data).content.decode()
    assert "Choose a rating for “Investing in people and culture”." in page
    assert "Say why you rated “Embedding improvement" in page
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    page = client_for(leader_user).post(BASE + "new/", answers(str(tomorrow), 2)).content.decode()
    assert "must be today or earlier" in page
    assert not MaturityAssessment.objects.exists()


def test_evidence_sits_beside_each_component_and_actions_have_owners(
    org: Organisation, leader_user: User, client_for: ClientFor
) -> None:
    today = dt.date.today()
    cycle = make_cycle(make_idea(make_project(org, leader_user), leader_user), leader_user)
    type(cycle).objects.filter(pk=cycle.pk).update(started_on=today.replace(day=1))
    indicators_refresh(organisation=org)
    client = client_for(leader_user)
    client.post(BASE + "new/", answers(str(today), 3))
    assessment = MaturityAssessment.objects.get()
    url = f"{BASE}{assessment.pk}/"
    page = client.get(url).content.decode()
    assert "Projects aligned to a strategic priority (today): 0 of 1 (0%)" in page
    assert "PDSA cycles started" in page
    response = client.post(
        url,
        {
            "component": "leadership",
            "action": "Executives join a huddle monthly",
            "owner": leader_user.pk,
        },
    )
    assert response["Location"] == url
    assert MaturityAction.objects.get().owner == leader_user
    assert "Executives join a huddle monthly" in client.get(url).content.decode()


def test_a_change_keeps_one_rating_per_component(
    org: Organisation, admin_user: User, client_for: ClientFor
) -> None:
    client = client_for(admin_user)
    client.post(BASE + "new/", answers("2025-01-10", 2))
    assessment = MaturityAssessment.objects.get()
    client.post(f"{BASE}{assessment.pk}/edit/", answers("2025-01-11", 5))
    assessment.refresh_from_db()
    assert assessment.assessed_on == dt.date(2025, 1, 11)
    assert sorted(assessment.ratings.values_list("rating", flat=True)) == [5] * 5


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
def test_every_member_reads_and_only_strategy_setters_change(
    role: Role, org: Organisation, member_for: Callable[[Role], User], client_for: ClientFor
) -> None:
    assessment = MaturityAssessment.objects.create(
        organisation=org, assessed_on=dt.date(2025, 1, 1), participants="Board"
    )
    client = client_for(member_for(role))
    assert client.get(f"{BASE}{assessment.pk}/").status_code == 200
    allowed = Capability.MANAGE_STRATEGY in PERMISSIONS[role]
    created = client.post(BASE + "new/", answers("2025-02-01", 2))
    action = client.post(f"{BASE}{assessment.pk}/", {"component": "purpose", "action": "x"})
    assert (created.status_code, action.status_code) == ((302, 302) if allowed else (403, 403))


def test_another_organisations_assessments_are_unreachable(
    org: Organisation, other_org: Organisation, outsider: User, leader_user: User,
    client_for: ClientFor,
) -> None:  # fmt: skip
    mine = MaturityAssessment.objects.create(
        organisation=org, assessed_on=dt.date(2025, 1, 1), participants="Board"
    )
    theirs = MaturityAssessment.objects.create(
        organisation=other_org, assessed_on=dt.date(2025, 1, 1), participants="Their board"
    )
    for url in (BASE, f"{BASE}{mine.pk}/", f"{BASE}{mine.pk}/edit/"):
        assert client_for(outsider).get(url).status_code == 404
    leader = client_for(leader_user)
    assert leader.get(f"{BASE}{theirs.pk}/").status_code == 404
    assert leader.post(f"{BASE}{theirs.pk}/edit/", answers("2025-01-10", 2)).status_code == 404
