"""Top concerns: rounds, real anonymity, themes answered in public with actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kaizen.accounts.models import Membership, Organisation, OrgUnit, User
from kaizen.accounts.roles import Role
from kaizen.activity.models import Activity, Notification
from kaizen.audit.models import AuditEvent
from kaizen.engagement import services
from kaizen.engagement.models import Action, Answer, Round
from kaizen.engagement.newsletter import newsletter_draft, week_of
from kaizen.testing import make_member

pytestmark = pytest.mark.django_db
TOMORROW = timezone.localdate() + dt.timedelta(days=1)


def _round(org: Organisation, leader: User) -> Round:
    return services.round_open(
        actor=leader, organisation=org, question="What gets in your way?", closes_on=TOMORROW
    )


def _url(name: str, org: Organisation, **kwargs: object) -> str:
    return reverse(f"engagement:{name}", kwargs={"org": org.slug, **kwargs})


def test_a_leader_opens_a_round_and_staff_cannot(
    org: Organisation, leader_user: User, staff_user: User, client_for: Callable[[User], Client]
) -> None:
    data = {"question": "What gets in your way?", "closes_on": TOMORROW.isoformat(), "unit": ""}
    response = client_for(leader_user).post(_url("rounds", org), data)
    round_ = Round.objects.get(organisation=org)
    assert response.url == _url("round", org, pk=round_.pk)  # type: ignore[attr-defined]
    assert client_for(staff_user).post(_url("rounds", org), data).status_code == 403


def test_a_round_closing_in_the_past_is_refused_with_a_message(
    org: Organisation, leader_user: User, client_for: Callable[[User], Client]
) -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = client_for(leader_user).post(
        _url("rounds", org), {"question": "Q?", "closes_on": yesterday.isoformat()}
    )
    assert "The closing date must be today or later." in response.content.decode()
    assert not Round.objects.exists()


def test_an_empty_answer_is_refused(
    org: Organisation, leader_user: User, staff_user: User, client_for: Callable[[User], Client]
) -> None:
    round_ = _round(org, leader_user)
    response = client_for(staff_user).post(_url("round", org, pk=round_.pk), {"body": "  "})
    assert "Enter your concern." in response.content.decode()
    assert not Answer.objects.exists()


def test_an_anonymous_answer_cannot_be_traced_anywhere(
    org: Organisation,
    leader_user: User,
    staff_user: User,
    coach_user: User,
    client_for: Callable[[User], Client],
    immediate_tasks: None,
) -> None:
    """Every place an answer is stored or shown: the answer row, the audit trail, the activity
    feed, notifications and mail, the round's page (for its leader too), the newsletter."""
    round_ = _round(org, leader_user)
    client_for(staff_user).post(
        _url("round", org, pk=round_.pk),
        {"body": "The hoist is always broken", "anonymous": "on"},
    )
    answer = Answer.objects.get()
    assert answer.author_id is None
    answer_fields = {f.name for f in Answer._meta.get_fields()}
    # No column that could hold a person or a time of day.
    assert answer_fields == {"id", "round", "body", "author", "unit", "submitted_on", "theme"}
    names = (staff_user.email, staff_user.full_name)
    assert not AuditEvent.objects.filter(actor=staff_user).exists()
    assert not Activity.objects.filter(actor=staff_user).exists()
    for event in AuditEvent.objects.all():
        assert not any(name in str(event.changes) + event.summary for name in names), (
            event.summary,
            event.changes,
        )
    theme = services.theme_add(actor=leader_user, round_=round_, title="Kit", answers=[answer])
    services.theme_answer(actor=leader_user, theme=theme, response="Two new hoists.")
    for note in Notification.objects.all():
        assert not any(name in note.text for name in names)
    for message in mail.outbox:
        assert not any(name in message.body for name in names)
    for viewer in (leader_user, coach_user, staff_user):
        page = client_for(viewer).get(_url("round", org, pk=round_.pk)).content.decode()
        # The member's name is on the page elsewhere (the action owner list, the header): the
        # answer's own item names nobody.
        item = page.split("The hoist is always broken", 1)[1].split("</li>", 1)[0]
        assert not any(name in item for name in names)
    issue = newsletter_draft(organisation=org, week_start=week_of(timezone.localdate()))
    assert not any(name in str(issue.items) for name in names)


def test_a_named_answer_shows_its_author(
    org: Organisation, leader_user: User, staff_user: User, client_for: Callable[[User], Client]
) -> None:
    round_ = _round(org, leader_user)
    client_for(staff_user).post(_url("round", org, pk=round_.pk), {"body": "Rotas"})
    assert Answer.objects.get().author == staff_user


def test_no_breakdown_for_groups_of_fewer_than_five(org: Organisation, leader_user: User) -> None:
    ward = OrgUnit.objects.create(organisation=org, name="Ward 7")
    small = OrgUnit.objects.create(organisation=org, name="Ward 9")
    round_ = _round(org, leader_user)
    for index, unit in enumerate([ward] * 5 + [small] * 2):
        person = make_member(org, Role.STAFF, f"p{index}@riverside.example")
        services.answer_add(
            member=person, unit=unit, round_=round_, body=f"c{index}", anonymous=True
        )
    assert services.breakdown(round_) == [("Ward 7", 5)]
    Answer.objects.filter(unit=ward).delete()
    assert services.breakdown(round_) == []


def test_themes_are_answered_with_actions_and_followers_hear(
    org: Organisation, leader_user: User, staff_user: User, client_for: Callable[[User], Client]
) -> None:
    round_ = _round(org, leader_user)
    answer = services.answer_add(
        member=staff_user, unit=None, round_=round_, body="Pumps", anonymous=True
    )
    leader = client_for(leader_user)
    leader.post(_url("theme_add", org, pk=round_.pk), {"title": "Kit", "answers": [answer.pk]})
    theme = round_.themes.get()
    client_for(staff_user).post(
        reverse("activity:follow", args=[org.slug, _content_type(theme), theme.pk]),
        {"following": "1", "next": "/"},
    )
    page = leader.post(
        _url("action_add", org, pk=theme.pk), {"text": "Buy pumps", "due_on": TOMORROW}, follow=True
    ).content.decode()
    assert "Owner: Choose who owns the action." in page
    leader.post(
        _url("action_add", org, pk=theme.pk),
        {"text": "Buy pumps", "owner": leader_user.pk, "due_on": TOMORROW.isoformat()},
    )
    action = Action.objects.get()
    leader.post(_url("action_status", org, pk=action.pk), {"status": "done"})
    leader.post(_url("theme_respond", org, pk=theme.pk), {"response": "We bought 20 pumps."})
    round_.refresh_from_db()
    assert round_.answered_at is not None and Action.objects.get().status == "done"
    assert Notification.objects.filter(recipient=staff_user, text__contains="we did").exists()
    page = client_for(staff_user).get(_url("round", org, pk=round_.pk)).content.decode()
    assert "We bought 20 pumps." in page and "Buy pumps" in page
    assert client_for(staff_user).post(_url("theme_respond", org, pk=theme.pk)).status_code == 403


def _content_type(obj: object) -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk  # type: ignore[arg-type]


def test_another_organisations_round_is_unreachable(
    org: Organisation, leader_user: User, outsider: User, client_for: Callable[[User], Client]
) -> None:
    round_ = _round(org, leader_user)
    other = Membership.objects.get(user=outsider).organisation
    assert client_for(outsider).get(_url("round", other, pk=round_.pk)).status_code == 404
    assert client_for(outsider).get(_url("round", org, pk=round_.pk)).status_code == 404


def test_a_round_for_part_of_the_hierarchy_takes_answers_from_there_only(
    org: Organisation, leader_user: User, staff_user: User
) -> None:
    division = OrgUnit.objects.create(organisation=org, name="Medicine")
    ward = OrgUnit.objects.create(organisation=org, name="Ward 7", parent=division)
    elsewhere = OrgUnit.objects.create(organisation=org, name="Theatres")
    round_ = services.round_open(
        actor=leader_user, organisation=org, question="Q?", closes_on=TOMORROW, unit=division
    )
    services.answer_add(member=staff_user, unit=ward, round_=round_, body="Rotas", anonymous=True)
    with pytest.raises(ValidationError, match="asks Medicine"):
        services.answer_add(
            member=staff_user, unit=elsewhere, round_=round_, body="Rotas", anonymous=True
        )
