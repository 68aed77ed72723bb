"""Events: planning with a checklist, the team's release within the event's length, daily and
follow-up report-outs that re-read the target sheet's measures, and who may see and change
them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.events import services
from kaizen.events.hours import event_hours
from kaizen.events.models import Event, Participant, ReportOut, Target
from kaizen.testing import STEP_VALUES, make_measure

pytestmark = pytest.mark.django_db

RISE = dt.date(2024, 4, 1)  # STEP_VALUES rise from their 16th month, April 2024


def make_event(org: Organisation, by: User, starts: dt.date = RISE) -> Event:
    event = Event(
        organisation=org,
        title="Discharge RPIW",
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=4),
    )
    return services.event_create(event=event, by=by)


def test_planning_starts_from_the_usual_checklist(org: Organisation, coach_user: User) -> None:
    services.preparation_install_defaults(organisation=org)
    event = make_event(org, coach_user)
    assert event.checklist.count() == 6
    assert [f.due_on for f in event.follow_ups.all()] == [
        event.ends_on + dt.timedelta(days) for days in (30, 60, 90)
    ]
    bad = Event(organisation=org, title="Backwards", starts_on=RISE, ends_on=RISE - dt.timedelta(1))
    with pytest.raises(ValidationError, match="end on or after"):
        services.event_create(event=bad, by=coach_user)


def test_release_is_within_the_events_length(
    org: Organisation, coach_user: User, staff_user: User
) -> None:
    event = make_event(org, coach_user)
    too_long = Participant(event=event, person=staff_user, release_hours=Decimal(121))
    with pytest.raises(ValidationError, match="lasts 5 days"):
        services.participant_add(participant=too_long, by=coach_user)
    ok = Participant(event=event, person=staff_user, release_hours=Decimal("37.5"))
    services.participant_add(participant=ok, by=coach_user)
    again = Participant(event=event, person=staff_user, release_hours=Decimal(1))
    with pytest.raises(ValidationError, match="already on the team"):
        services.participant_add(participant=again, by=coach_user)
    assert event_hours(org, [event.starts_on.replace(day=1)])[0].by_month == [37.5]


def test_report_outs_keep_to_their_time(org: Organisation, coach_user: User) -> None:
    event = make_event(org, coach_user, starts=timezone.localdate() + dt.timedelta(days=3))
    outside = ReportOut(event=event, kind="daily", on=event.ends_on + dt.timedelta(1), notes="x")
    with pytest.raises(ValidationError, match="one of the event's days"):
        services.report_out_add(report=outside, by=coach_user)
    early = ReportOut(event=event, kind="30", on=event.ends_on + dt.timedelta(30), notes="x")
    with pytest.raises(ValidationError, match="come after it"):
        services.report_out_add(report=early, by=coach_user)
    assert not ReportOut.objects.exists()


def test_a_follow_up_reads_whether_the_measure_moved(org: Organisation, coach_user: User) -> None:
    measure = make_measure(org, STEP_VALUES, by=coach_user, improvement="increase")
    event = make_event(org, coach_user)
    Target.objects.create(event=event, measure=measure, baseline=80, target=90)
    report = ReportOut(event=event, kind="30", on=event.ends_on + dt.timedelta(30), notes="Held")
    services.report_out_add(report=report, by=coach_user)
    [finding] = report.findings
    assert finding["verdict"] == "held"
    assert "predicted direction" in finding["detail"] and "The gain holds" in finding["detail"]
    assert event.follow_ups.get(days=30).report == report
    again = ReportOut(event=event, kind="30", on=event.ends_on + dt.timedelta(31), notes="x")
    with pytest.raises(ValidationError, match="already been given"):
        services.report_out_add(report=again, by=coach_user)


def test_members_read_coaches_change_outsiders_see_nothing(
    org: Organisation,
    coach_user: User,
    staff_user: User,
    outsider: User,
    client_for: Callable[[User], Client],
) -> None:
    event = make_event(org, coach_user)
    url = f"/o/{org.slug}/events/{event.pk}/"
    assert "Discharge RPIW" in client_for(staff_user).get(url).content.decode()
    data = {"action": "checklist", "checklist-weeks_before": "1", "checklist-text": "Tea"}
    assert client_for(staff_user).post(url, data).status_code == 403
    assert client_for(coach_user).post(url, data).status_code == 302
    assert event.checklist.filter(text="Tea").exists()
    assert client_for(outsider).get(f"/o/other/events/{event.pk}/").status_code == 404
    assert client_for(staff_user).get(f"/o/{org.slug}/events/new/").status_code == 403
