"""Follow-ups at 30, 60 and 90 days: each owed by a named person by a date, given by them (or
a coach) with a report-out that reads whether the gain held; report-out photos kept without
their metadata; and the preparation checklist each organisation edits."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from kaizen.accounts.models import Organisation, User
from kaizen.events import services
from kaizen.events.models import Event, ReportOut, ReportPhoto, Target
from kaizen.testing import STEP_VALUES, make_measure

pytestmark = pytest.mark.django_db

START = dt.date(2024, 4, 1)  # STEP_VALUES rise from April 2024


def plan(org: Organisation, coach: User, process_owner: User | None = None) -> Event:
    event = Event(
        organisation=org,
        title="Discharge RPIW",
        starts_on=START,
        ends_on=START + dt.timedelta(days=4),
        process_owner=process_owner,
    )
    return services.event_create(event=event, by=coach)


def photo_with_gps() -> SimpleUploadedFile:
    image = Image.new("RGB", (60, 40), "red")
    exif = Image.Exif()
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPSInfo: a latitude
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    assert b"PhoneMaker" in out.getvalue()
    return SimpleUploadedFile("board.jpg", out.getvalue(), content_type="image/jpeg")


def test_the_process_owner_gives_the_30_day_follow_up_and_sees_the_gain_held(
    org: Organisation,
    coach_user: User,
    staff_user: User,
    leader_user: User,
    client_for: Callable[[User], Client],
) -> None:
    measure = make_measure(org, STEP_VALUES, by=coach_user, improvement="increase")
    event = plan(org, coach_user, process_owner=staff_user)
    Target.objects.create(event=event, measure=measure, baseline=80, target=90)
    url = f"/o/{org.slug}/events/{event.pk}/follow-ups/{event.follow_ups.get(days=30).pk}/"
    data = {
        "action": "report",
        "report-on": "2024-05-06",
        "report-notes": "Still discharging earlier.",
        "report-alt_text": "The team's board",
    }
    # A leader may read it, but only the owner named (or a coach) gives it.
    assert client_for(leader_user).post(url, data).status_code == 403
    owner = client_for(staff_user)
    no_words = {**data, "report-alt_text": "", "report-photo": photo_with_gps()}
    assert "Describe the photo" in owner.post(url, no_words).content.decode()
    response = owner.post(url, {**data, "report-photo": photo_with_gps()})
    assert response.status_code == 302
    report = ReportOut.objects.get(kind="30")
    assert report.findings[0]["verdict"] == "held"
    [photo] = ReportPhoto.objects.all()
    assert b"PhoneMaker" not in bytes(photo.image) and b"Exif" not in bytes(photo.image)
    page = owner.get(f"/o/{org.slug}/events/{event.pk}/").content.decode()
    assert "Held" in page and "Done" in page and 'alt="The team&#39;s board"' in page
    served = owner.get(f"/o/{org.slug}/events/{event.pk}/photos/{photo.pk}/")
    assert served["Content-Type"] == "image/jpeg"
    assert "Record the 30-day follow-up" not in owner.get(url).content.decode()


def test_a_follow_up_is_scheduled_after_the_event_by_a_coach(
    org: Organisation,
    coach_user: User,
    staff_user: User,
    client_for: Callable[[User], Client],
) -> None:
    event = plan(org, coach_user)
    url = f"/o/{org.slug}/events/{event.pk}/follow-ups/{event.follow_ups.get(days=60).pk}/"
    data = {"action": "schedule", "schedule-owner": staff_user.pk, "schedule-due_on": "2024-04-03"}
    coach = client_for(coach_user)
    assert "a follow-up is due after it" in coach.post(url, data).content.decode()
    assert client_for(staff_user).post(url, data).status_code == 403
    assert coach.post(url, {**data, "schedule-due_on": "2024-06-10"}).status_code == 302
    follow_up = event.follow_ups.get(days=60)
    assert (follow_up.owner, follow_up.due_on) == (staff_user, dt.date(2024, 6, 10))
    assert follow_up.is_overdue(dt.date(2024, 6, 11))
    # The named owner may now give it; before, only coaches could.
    assert "Record the 60-day follow-up" in client_for(staff_user).get(url).content.decode()


def test_the_organisations_usual_preparation_is_what_new_events_start_from(
    org: Organisation,
    coach_user: User,
    staff_user: User,
    outsider: User,
    client_for: Callable[[User], Client],
) -> None:
    services.preparation_install_defaults(organisation=org)
    coach = client_for(coach_user)
    url = f"/o/{org.slug}/events/preparation/"
    step = {"weeks_before": "5", "text": "Invite two patient partners"}
    assert coach.post(url, step).status_code == 302
    first = org.preparation_steps.order_by("pk").first()
    assert first is not None
    assert coach.post(f"{url}{first.pk}/remove/").status_code == 302
    assert client_for(staff_user).get(url).status_code == 403
    assert (
        client_for(outsider)
        .post(f"/o/hillside/events/preparation/{first.pk + 1}/remove/")
        .status_code
        == 404
    )
    event = plan(org, coach_user)
    texts = list(event.checklist.values_list("text", flat=True))
    assert "Invite two patient partners" in texts and first.text not in texts
    item = event.checklist.get(text="Invite two patient partners")
    assert (
        coach.post(f"/o/{org.slug}/events/{event.pk}/checklist/{item.pk}/remove/").status_code
        == 302
    )
    assert not event.checklist.filter(pk=item.pk).exists()
    assert org.preparation_steps.filter(text=item.text).exists()
