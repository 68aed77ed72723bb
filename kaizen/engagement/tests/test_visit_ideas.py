"""A leader's visit raises a real idea: on the unit's huddle board, answered like any other,
linked from the visit in the diary and on the leader's page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.engagement.models import Visit
from kaizen.engagement.newsletter import newsletter_draft, week_of
from kaizen.ideas.models import Idea

pytestmark = pytest.mark.django_db


@pytest.fixture
def ward(org: Organisation) -> OrgUnit:
    return OrgUnit.objects.create(organisation=org, name="Ward 7")


def _log(org: Organisation, ward: OrgUnit, **changes: object) -> dict[str, object]:
    return {
        "kind": "gemba",
        "unit": ward.pk,
        "visited_on": timezone.localdate().isoformat(),
        "with_whom": "Nurse in charge",
        "learned": "Linen runs out every afternoon",
        "raised": "A second linen delivery at 2pm",
        "raise_idea": "on",
    } | changes


def test_a_gemba_walk_raises_an_idea_on_the_units_board(
    org: Organisation,
    ward: OrgUnit,
    leader_user: User,
    staff_user: User,
    client_for: Callable[[User], Client],
) -> None:
    url = reverse("engagement:visit_log", kwargs={"org": org.slug})
    response = client_for(leader_user).post(url, _log(org, ward), follow=True)
    assert "the idea raised on the unit" in response.content.decode()
    idea = Idea.objects.get()
    assert (idea.problem, idea.proposal) == (
        "Linen runs out every afternoon",
        "A second linen delivery at 2pm",
    )
    assert (idea.unit, idea.board_unit, idea.author, idea.organisation) == (
        ward,
        ward,
        leader_user,
        org,
    )
    assert Visit.objects.get().idea == idea
    diary = client_for(staff_user).get(reverse("engagement:diary", kwargs={"org": org.slug}))
    assert reverse("ideas:detail", args=[org.slug, idea.pk]) in diary.content.decode()
    board = client_for(staff_user).get(reverse("ideas:board", args=[org.slug, ward.pk]))
    assert "Linen runs out every afternoon" in board.content.decode()


def test_a_visit_without_raising_keeps_its_words_and_raises_nothing(
    org: Organisation, ward: OrgUnit, leader_user: User, client_for: Callable[[User], Client]
) -> None:
    url = reverse("engagement:visit_log", kwargs={"org": org.slug})
    data = _log(org, ward)
    del data["raise_idea"]
    client_for(leader_user).post(url, data)
    assert Visit.objects.get().raised == "A second linen delivery at 2pm"
    assert not Idea.objects.exists()


@pytest.mark.parametrize(
    ("emptied", "message"),
    [
        ("raised", "Write the idea to raise"),
        ("learned", "Say what you learned: the idea shows it as the problem"),
    ],
)
def test_an_idea_needs_its_problem_and_its_proposal(
    emptied: str,
    message: str,
    org: Organisation,
    ward: OrgUnit,
    leader_user: User,
    client_for: Callable[[User], Client],
) -> None:
    url = reverse("engagement:visit_log", kwargs={"org": org.slug})
    page = client_for(leader_user).post(url, _log(org, ward, **{emptied: ""})).content.decode()
    assert message in page
    assert not Visit.objects.exists() and not Idea.objects.exists()


def test_patient_data_in_the_idea_is_refused_and_nothing_is_stored(
    org: Organisation, ward: OrgUnit, leader_user: User, client_for: Callable[[User], Client]
) -> None:
    url = reverse("engagement:visit_log", kwargs={"org": org.slug})
    data = _log(org, ward, raised="Ask patient John Smith about the linen")
    client_for(leader_user).post(url, data)
    assert not Visit.objects.exists() and not Idea.objects.exists()


def test_the_newsletter_tells_of_the_idea_a_visit_raised(
    org: Organisation, ward: OrgUnit, leader_user: User, client_for: Callable[[User], Client]
) -> None:
    url = reverse("engagement:visit_log", kwargs={"org": org.slug})
    client_for(leader_user).post(url, _log(org, ward))
    issue = newsletter_draft(organisation=org, week_start=week_of(timezone.localdate()))
    (visit,) = [item for item in issue.items if item["section"] == "Leaders out and about"]
    assert visit["text"].endswith("Idea raised: A second linen delivery at 2pm")
