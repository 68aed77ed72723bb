"""The events' part of the weekly newsletter: the kaizen events held in the week, told through
their last daily report-out, and the follow-up report-outs given in it with whether the gain
held; never another week's or another organisation's, and no one named."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kaizen.accounts.models import Organisation, OrgUnit, User, ValueStream
from kaizen.engagement.newsletter import newsletter_draft, week_of
from kaizen.events import services
from kaizen.events.models import Event, Participant, ReportOut

pytestmark = pytest.mark.django_db
WEEK = week_of(timezone.localdate())


def _event(org: Organisation, by: User, title: str, starts: dt.date, **fields: object) -> Event:
    event = Event(
        organisation=org,
        title=title,
        scope="From the decision to discharge to leaving the ward",
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=4),
        **fields,
    )
    return services.event_create(event=event, by=by)


def _report(event: Event, kind: str, on: dt.date, notes: str, **fields: object) -> ReportOut:
    return ReportOut.objects.create(event=event, kind=kind, on=on, notes=notes, **fields)


def _draft(org: Organisation) -> dict[str, dict[str, object]]:
    issue = newsletter_draft(organisation=org, week_start=WEEK)
    return {str(item["title"]): item for item in issue.items}


def test_the_weeks_events_and_report_outs_are_in_the_draft(
    org: Organisation, coach_user: User, patient_user: User
) -> None:
    ward = OrgUnit.objects.create(organisation=org, name="Ward 7")
    stream = ValueStream.objects.create(organisation=org, name="Emergency care")
    held = _event(org, coach_user, "Discharge RPIW", WEEK, unit=ward, value_stream=stream)
    Participant.objects.create(event=held, person=patient_user, release_hours=30)
    _report(held, ReportOut.Kind.DAILY, WEEK, "Day 1: mapped the discharge.")
    _report(held, ReportOut.Kind.DAILY, WEEK + dt.timedelta(days=1), "Day 2: tried a board.")
    earlier = _event(org, coach_user, "Theatre turnaround", WEEK - dt.timedelta(days=40))
    _report(
        earlier,
        ReportOut.Kind.DAY_30,
        WEEK + dt.timedelta(days=2),
        "Turnaround still under 30 minutes.",
        findings=[{"measure": "Turnaround time", "verdict": "held", "detail": ""}],
    )

    items = _draft(org)

    event_item = items["Rapid Process Improvement Week: Discharge RPIW"]
    assert event_item["section"] == "Kaizen events"
    assert str(event_item["text"]).endswith("Day 2: tried a board.")
    assert (event_item["unit_id"], event_item["value_stream_id"]) == (ward.pk, stream.pk)
    report = items["Theatre turnaround: 30-day report-out"]
    assert report["section"] == "Report-outs"
    assert report["text"] == "Turnaround time: held. Turnaround still under 30 minutes."
    assert "Rapid Process Improvement Week: Theatre turnaround" not in items
    names = (patient_user.display_name, coach_user.display_name)
    assert not any(name in str(item["text"]) for item in items.values() for name in names)


def test_other_weeks_and_organisations_events_are_not_in_the_draft(
    org: Organisation, other_org: Organisation, coach_user: User, outsider: User
) -> None:
    last_month = _event(org, coach_user, "Last month's RPIW", WEEK - dt.timedelta(days=30))
    _report(last_month, ReportOut.Kind.DAY_30, WEEK - dt.timedelta(days=1), "Given last week.")
    _event(org, coach_user, "Next week's RPIW", WEEK + dt.timedelta(days=7))
    _event(other_org, outsider, "Their RPIW", WEEK)

    assert not any(
        item["section"] in ("Kaizen events", "Report-outs")
        for item in newsletter_draft(organisation=org, week_start=WEEK).items
    )
