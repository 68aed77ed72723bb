"""Sharing an improvement story and a kaizen event's report: what travels (the story in its
author's words; the event's scope, target sheet with what the charts show, report-outs) and
what never does (photos, costs, the checklist, names without consent), and who may share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.accounts.roles import Role
from kaizen.engagement.models import Photo, Story
from kaizen.engagement.stories import story_approve, story_submit
from kaizen.events import services as events
from kaizen.events.models import Event, Participant, ReportOut, ReportPhoto
from kaizen.events.testing import make_reported_rpiw
from kaizen.network.models import SharedItem
from kaizen.network.naming import consent_give
from kaizen.network.services import share_event, share_story
from kaizen.testing import STEP_VALUES, make_measure

pytestmark = pytest.mark.django_db
START = dt.date(2024, 4, 1)  # STEP_VALUES rise from April 2024
PHOTO_WORDS = "Jo and Sam at the huddle board"


def _story(org: Organisation, author: User, approver: User) -> Story:
    story = story_submit(
        author=author,
        organisation=org,
        unit=None,
        title="Red trays saved our mealtimes",
        body="We put red trays on for people who need help eating.\nWeight loss fell.",
        kind=Story.Kind.IMPROVEMENT,
    )
    # A photo consented for the organisation's readers, not for the public web.
    Photo.objects.create(story=story, image=b"jpeg", alt_text=PHOTO_WORDS, width=1, height=1)
    return story_approve(actor=approver, story=story)


def _event(org: Organisation, coach: User, staff: User, patient: User) -> Event:
    measure = make_measure(org, STEP_VALUES, by=coach, improvement="increase")
    event = make_reported_rpiw(org, coach, measure, START)
    for person in (staff, patient):
        Participant.objects.create(
            event=event, person=person, release_hours=37, backfill_cost=Decimal("1234.56")
        )
    ReportPhoto.objects.create(
        report=event.report_outs.get(), image=b"jpeg", alt_text=PHOTO_WORDS, width=1, height=1
    )
    events.report_out_add(
        report=ReportOut(event=event, kind="30", on=dt.date(2024, 5, 6), notes="Still earlier"),
        by=coach,
        today=dt.date(2024, 5, 7),
    )
    return event


def _public(item: SharedItem) -> str:
    client = Client()
    return (
        client.get(f"/library/{item.pk}/").content.decode()
        + client.get(f"/library/{item.pk}.json").content.decode()
    )


def test_a_story_is_shared_in_its_authors_words_without_its_photos(
    org: Organisation, staff_user: User, coach_user: User
) -> None:
    staff_user.full_name = "Priya Raman"
    staff_user.save()
    story = _story(org, staff_user, coach_user)
    item = share_story(story=story, by=staff_user, reach=SharedItem.Reach.PUBLIC)
    page = _public(item)
    assert "Red trays saved our mealtimes" in page and "Weight loss fell." in page
    assert "An improvement" in page and "Member of staff" in page
    assert "Priya" not in page and PHOTO_WORDS not in page and "/photo" not in page
    consent_give(user=staff_user, organisation=org)
    again = share_story(story=story, by=staff_user, reach=SharedItem.Reach.PUBLIC)
    assert "Member of staff: Priya Raman" in _public(again)
    assert "Red trays" in Client().get("/library/?q=mealtimes").content.decode()


def test_a_story_awaiting_approval_cannot_be_shared(org: Organisation, staff_user: User) -> None:
    story = story_submit(
        author=staff_user, organisation=org, unit=None, title="T", body="B", kind="improvement"
    )
    with pytest.raises(ValidationError, match="approve it"):
        share_story(story=story, by=staff_user, reach=SharedItem.Reach.PUBLIC)


def test_a_story_is_its_authors_or_an_approvers_to_share(
    org: Organisation,
    staff_user: User,
    coach_user: User,
    member_for: Callable[..., User],
    outsider: User,
    client_for: Callable[[User], Client],
) -> None:
    story = _story(org, staff_user, coach_user)
    url = f"/o/{org.slug}/shared/stories/{story.pk}"
    other_staff = member_for(Role.STAFF)
    assert client_for(other_staff).get(url).status_code == 404
    assert client_for(outsider).get(url).status_code == 404
    shared_page = client_for(other_staff).get(f"/o/{org.slug}/shared/").content.decode()
    assert "Red trays" not in shared_page
    assert "Red trays" in client_for(staff_user).get(f"/o/{org.slug}/shared/").content.decode()
    assert client_for(staff_user).get(url).status_code == 200
    response = client_for(coach_user).post(url, {"reach": "installation"})
    assert response.status_code == 302
    assert SharedItem.objects.get().kind == SharedItem.Kind.STORY


def test_an_event_report_shares_its_scope_targets_and_report_outs_and_nothing_else(
    org: Organisation, coach_user: User, staff_user: User, patient_user: User
) -> None:
    patient_user.full_name = "Edith Carmichael"
    patient_user.save()
    event = _event(org, coach_user, staff_user, patient_user)
    item = share_event(event=event, by=coach_user, reach=SharedItem.Reach.PUBLIC)
    page = _public(item)
    assert "Rapid Process Improvement Week, 1 to 5 April 2024" in page
    assert "From the decision to discharge" in page
    assert "Mapped the discharge" in page and "Still earlier" in page
    assert "Held" in page  # the 30-day finding, as the events app labels it
    assert "Improvement coach" in page and "Patient partner" in page
    for private in (PHOTO_WORDS, "1234", "Edith", "Agree the scope", "/photos/"):
        assert private not in page


def test_an_event_report_needs_a_report_out_and_an_event_manager(
    org: Organisation,
    coach_user: User,
    staff_user: User,
    patient_user: User,
    outsider: User,
    client_for: Callable[[User], Client],
) -> None:
    bare = events.event_create(
        event=Event(organisation=org, title="Planned", starts_on=START, ends_on=START),
        by=coach_user,
    )
    with pytest.raises(ValidationError, match="report-out first"):
        share_event(event=bare, by=coach_user, reach=SharedItem.Reach.PUBLIC)
    event = _event(org, coach_user, staff_user, patient_user)
    url = f"/o/{org.slug}/shared/events/{event.pk}"
    assert client_for(staff_user).get(url).status_code == 403
    assert client_for(outsider).get(url).status_code == 404
    assert "Planned" not in client_for(coach_user).get(f"/o/{org.slug}/shared/").content.decode()
    assert client_for(coach_user).post(url, {"reach": "public"}).status_code == 302
    assert SharedItem.objects.get().event == event


def test_patient_details_in_a_story_are_refused(
    org: Organisation, staff_user: User, coach_user: User
) -> None:
    story = _story(org, staff_user, coach_user)
    # Written past the screen, as an old record might be.
    Story.objects.filter(pk=story.pk).update(body="Mrs Jones, NHS 943 476 5919, ate well")
    story.refresh_from_db()
    with pytest.raises(ValidationError, match="story"):
        share_story(story=story, by=staff_user, reach=SharedItem.Reach.PUBLIC)
    assert not SharedItem.objects.exists()
