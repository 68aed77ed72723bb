"""Members follow units and value streams; the newsletter, on the web and by email, opens with
their news. Projects moving stage are news too."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kaizen.accounts.models import Organisation, OrgUnit, User, ValueStream
from kaizen.engagement import services
from kaizen.engagement.following import FOLLOWED_SECTION, chosen, followed
from kaizen.engagement.models import Newsletter
from kaizen.engagement.newsletter import newsletter_draft, send_newsletter, week_of
from kaizen.projects.models import MethodStage
from kaizen.projects.services import project_move_stage
from kaizen.testing import make_project

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def division(org: Organisation) -> OrgUnit:
    return OrgUnit.objects.create(organisation=org, name="Medicine")


@pytest.fixture
def ward(org: Organisation, division: OrgUnit) -> OrgUnit:
    return OrgUnit.objects.create(organisation=org, name="Ward 7", parent=division)


def _follow_url(org: Organisation) -> str:
    return reverse("engagement:follow", kwargs={"org": org.slug})


def test_a_member_follows_units_and_value_streams_and_can_stop(
    org: Organisation, division: OrgUnit, staff_user: User, client_for: Callable[[User], Client]
) -> None:
    stream = ValueStream.objects.create(organisation=org, name="Emergency care")
    client = client_for(staff_user)
    response = client.post(
        _follow_url(org), {"units": [division.pk], "value_streams": [stream.pk]}, follow=True
    )
    assert "the newsletter opens with their news" in response.content.decode()
    assert chosen(staff_user, org) == ([division.pk], [stream.pk])
    client.post(_follow_url(org), {"units": [division.pk]})
    assert chosen(staff_user, org) == ([division.pk], [])


def test_following_a_unit_takes_in_the_units_below_it(
    org: Organisation, division: OrgUnit, ward: OrgUnit, staff_user: User
) -> None:
    client = Client()
    client.force_login(staff_user)
    client.post(_follow_url(org), {"units": [division.pk]})
    assert followed(staff_user, org).unit_ids == {division.pk, ward.pk}


def test_another_organisations_unit_cannot_be_followed(
    org: Organisation,
    other_org: Organisation,
    staff_user: User,
    outsider: User,
    client_for: Callable[[User], Client],
) -> None:
    theirs = OrgUnit.objects.create(organisation=other_org, name="Theirs")
    page = client_for(staff_user).post(_follow_url(org), {"units": [theirs.pk]})
    assert page.status_code == 200 and "Select a valid choice" in page.content.decode()
    assert chosen(staff_user, org) == ([], [])
    assert client_for(outsider).get(_follow_url(org)).status_code == 404


def _week(org: Organisation, leader: User, ward: OrgUnit, elsewhere: OrgUnit) -> Newsletter:
    for unit, learned in ((elsewhere, "Theatres run late"), (ward, "Linen runs out")):
        services.visit_log(
            leader=leader,
            organisation=org,
            kind="gemba",
            unit=unit,
            visited_on=TODAY,
            learned=learned,
        )
    issue = newsletter_draft(organisation=org, week_start=week_of(TODAY))
    Newsletter.objects.filter(pk=issue.pk).update(published_at=timezone.now())
    issue.refresh_from_db()
    return issue


def test_the_published_issue_opens_with_what_the_reader_follows(
    org: Organisation,
    division: OrgUnit,
    ward: OrgUnit,
    leader_user: User,
    staff_user: User,
    coach_user: User,
    client_for: Callable[[User], Client],
) -> None:
    theatres = OrgUnit.objects.create(organisation=org, name="Theatres")
    issue = _week(org, leader_user, ward, theatres)
    client_for(staff_user).post(_follow_url(org), {"units": [division.pk]})
    url = reverse("engagement:newsletter", kwargs={"org": org.slug, "pk": issue.pk})
    page = client_for(staff_user).get(url).content.decode()
    assert page.index(FOLLOWED_SECTION) < page.index("Linen runs out") < page.index("Leaders out")
    assert page.index("Leaders out") < page.index("Theatres run late")
    assert FOLLOWED_SECTION not in client_for(coach_user).get(url).content.decode()


def test_each_reader_is_emailed_their_own_order(
    org: Organisation,
    ward: OrgUnit,
    leader_user: User,
    staff_user: User,
    coach_user: User,
    client_for: Callable[[User], Client],
) -> None:
    theatres = OrgUnit.objects.create(organisation=org, name="Theatres")
    issue = _week(org, leader_user, ward, theatres)
    client_for(staff_user).post(_follow_url(org), {"units": [ward.pk]})
    mail.outbox.clear()
    send_newsletter(issue_id=issue.pk)
    bodies = {message.to[0]: message.body for message in mail.outbox}
    mine, theirs = bodies[staff_user.email], bodies[coach_user.email]
    assert mine.index(FOLLOWED_SECTION.upper()) < mine.index("Linen runs out")
    assert mine.index("Linen runs out") < mine.index("Theatres run late")
    assert FOLLOWED_SECTION.upper() not in theirs
    html: Any = mail.outbox[0]
    assert reverse("engagement:follow", args=[org.slug]) in html.alternatives[0][0]


def test_a_project_moving_stage_is_news_of_its_unit(
    org: Organisation, ward: OrgUnit, leader_user: User
) -> None:
    project = make_project(org, leader_user, unit=ward)
    stage = MethodStage.objects.get(method=project.method, order=2)
    MethodStage.objects.filter(pk=stage.pk).update(required_fields=[])
    stage.refresh_from_db()
    project_move_stage(project=project, stage=stage, by=leader_user)
    issue = newsletter_draft(organisation=org, week_start=week_of(TODAY))
    moved = [item for item in issue.items if item["section"] == "Projects moving on"]
    assert [(item["title"], item["unit_id"]) for item in moved] == [
        (f"Fewer falls moved to “{stage.name}”", ward.pk)
    ]
