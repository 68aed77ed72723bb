"""The engagement panel on the organisation's home page: the rounds that ask this member, the
compacts waiting for them, "you said, we did", their thank-yous, the newsletter; leaders' visits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from kaizen.accounts.models import Membership, Organisation, OrgUnit, User
from kaizen.engagement import compacts, services, stories
from kaizen.engagement.models import Round

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _home(client_for: Callable[[User], Client], user: User) -> str:
    response = client_for(user).get("/o/riverside/")
    assert response.status_code == 200
    return response.content.decode()


def test_staff_see_the_rounds_that_ask_them_and_not_the_others(
    org: Organisation, leader_user: User, staff_user: User, client_for: Callable[[User], Client]
) -> None:
    medicine = OrgUnit.objects.create(organisation=org, name="Medicine")
    ward = OrgUnit.objects.create(organisation=org, name="Ward 7", parent=medicine)
    surgery = OrgUnit.objects.create(organisation=org, name="Surgery")
    Membership.objects.filter(user=staff_user).update(unit=ward)
    for question, unit in (
        ("Whole trust question?", None),
        ("Medicine question?", medicine),
        ("Surgery question?", surgery),
    ):
        services.round_open(
            actor=leader_user, organisation=org, question=question, closes_on=TODAY, unit=unit
        )
    Round.objects.create(
        organisation=org, question="Closed question?", closes_on=TODAY - dt.timedelta(days=1)
    )
    page = _home(client_for, staff_user)
    assert "Whole trust question?" in page and "Medicine question?" in page
    assert "Surgery question?" not in page and "Closed question?" not in page
    assert "Your visits this month" not in page


def test_a_compact_waits_on_the_home_page_until_acknowledged(
    org: Organisation, leader_user: User, staff_user: User, client_for: Callable[[User], Client]
) -> None:
    version = compacts.compact_publish(
        actor=leader_user,
        organisation=org,
        name="All staff",
        organisation_gives="Time to improve",
        group_gives="Ideas",
    )
    assert "Please read and acknowledge" in _home(client_for, staff_user)
    compacts.acknowledge(member=Membership.objects.get(user=staff_user), version=version)
    assert "Please read and acknowledge" not in _home(client_for, staff_user)


def test_answers_thanks_and_leaders_visits_show(
    org: Organisation, leader_user: User, staff_user: User, client_for: Callable[[User], Client]
) -> None:
    ward = OrgUnit.objects.create(organisation=org, name="Ward 7")
    round_ = services.round_open(
        actor=leader_user, organisation=org, question="What gets in the way?", closes_on=TODAY
    )
    theme = services.theme_add(actor=leader_user, round_=round_, title="Equipment", answers=[])
    services.theme_answer(actor=leader_user, theme=theme, response="New hoists came.")
    stories.thanks_send(
        sender=leader_user, organisation=org, colleague=staff_user, message="For the huddle"
    )
    services.visit_log(
        leader=leader_user, organisation=org, kind="gemba", unit=ward, visited_on=TODAY
    )
    page = _home(client_for, staff_user)
    assert "You said, we did" in page and "Equipment" in page
    assert "1 thank-you</a> for you or your team" in page
    leader_page = _home(client_for, leader_user)
    assert "Your visits this month: 1" in leader_page
