"""The ideas' part of the weekly newsletter: the week's implemented and answered ideas, each
once, with their unit and value stream; never another week's, another organisation's, or a
patient partner's name."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kaizen.accounts.models import Organisation, OrgUnit, User, ValueStream
from kaizen.engagement.newsletter import newsletter_draft, week_of
from kaizen.ideas import services
from kaizen.ideas.models import Idea, IdeaAnswer, IdeaStatus

pytestmark = pytest.mark.django_db
WEEK = week_of(timezone.localdate())


def _idea(org: Organisation, author: User, problem: str, **values: object) -> Idea:
    return services.idea_raise(organisation=org, by=author, values={"problem": problem, **values})


def _answer(idea: Idea, by: User, kind: str, text: str) -> None:
    status = IdeaStatus.objects.get(organisation=idea.organisation, kind=kind)
    services.idea_answer(idea=idea, by=by, version=idea.version, status=status, text=text)


def _draft(org: Organisation) -> dict[str, dict[str, object]]:
    issue = newsletter_draft(organisation=org, week_start=WEEK)
    return {str(item["title"]): item for item in issue.items}


def test_the_weeks_implemented_and_answered_ideas_are_in_the_draft(
    org: Organisation, staff_user: User, coach_user: User
) -> None:
    ward = OrgUnit.objects.create(organisation=org, name="Ward 7")
    stream = ValueStream.objects.create(organisation=org, name="Emergency care")
    done = _idea(org, staff_user, "Linen runs out at night", unit=ward, value_stream=stream)
    _answer(done, coach_user, IdeaStatus.Kind.UNDER_REVIEW, "We will look at it.")
    _answer(done, coach_user, IdeaStatus.Kind.IMPLEMENTED, "A second linen round from May.")
    answered = _idea(org, staff_user, "Bleeps go to the wrong team")
    _answer(answered, coach_user, IdeaStatus.Kind.NOT_TAKEN_FORWARD, "Switchboard owns it.")
    _idea(org, staff_user, "Not answered yet")

    items = _draft(org)

    implemented = items[str(done)]
    assert implemented["section"] == "Ideas implemented"
    assert implemented["text"] == (
        f"Raised by {staff_user.display_name}. Implemented: A second linen round from May."
    )
    assert (implemented["unit_id"], implemented["value_stream_id"]) == (ward.pk, stream.pk)
    assert implemented["url"] == done.get_absolute_url()
    assert items[str(answered)]["section"] == "Ideas answered"
    # An idea answered twice in the week is news once, under its last answer.
    assert sum(item["url"] == done.get_absolute_url() for item in items.values()) == 1
    assert not any("Not answered yet" in title for title in items)


def test_answers_of_other_weeks_and_organisations_are_not_in_the_draft(
    org: Organisation,
    other_org: Organisation,
    staff_user: User,
    coach_user: User,
    outsider: User,
) -> None:
    earlier = _idea(org, staff_user, "Answered last week")
    _answer(earlier, coach_user, IdeaStatus.Kind.IMPLEMENTED, "Done.")
    last_week = timezone.make_aware(dt.datetime.combine(WEEK, dt.time.min)) - dt.timedelta(hours=1)
    IdeaAnswer.objects.filter(idea=earlier).update(at=last_week)
    theirs = _idea(other_org, outsider, "Another trust's idea")
    _answer(theirs, outsider, IdeaStatus.Kind.IMPLEMENTED, "Done there.")

    items = _draft(org)

    assert str(earlier) not in items and str(theirs) not in items
    assert not any("Done there." in str(item["text"]) for item in items.values())


def test_a_patient_partners_idea_does_not_name_them(
    org: Organisation, patient_user: User, coach_user: User
) -> None:
    idea = _idea(org, patient_user, "Signs to the clinic are confusing")
    _answer(idea, coach_user, IdeaStatus.Kind.IMPLEMENTED, "New signs are up.")

    text = str(_draft(org)[str(idea)]["text"])

    assert text.startswith("Raised by a patient partner.")
    assert patient_user.display_name not in text and patient_user.email not in text
