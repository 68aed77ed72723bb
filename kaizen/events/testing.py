"""Test builder for other apps' tests: an RPIW that has reported, made by the events services."""

from __future__ import annotations

import datetime as dt

from kaizen.accounts.models import Organisation, User
from kaizen.events import services as events
from kaizen.events.models import Event, ReportOut, Target
from kaizen.measures.models import Measure


def make_reported_rpiw(
    organisation: Organisation, coach: User, measure: Measure, starts: dt.date
) -> Event:
    """A week-long discharge RPIW aiming to move ``measure`` from 80 to 90, with the daily
    report-out of its first day (what sharing an event's report needs)."""
    event = events.event_create(
        event=Event(
            organisation=organisation,
            title="Discharge before midday RPIW",
            scope="From the decision to discharge to leaving the ward",
            starts_on=starts,
            ends_on=starts + dt.timedelta(days=4),
            coach=coach,
        ),
        by=coach,
    )
    Target.objects.create(event=event, measure=measure, baseline=80, target=90)
    events.report_out_add(
        report=ReportOut(event=event, kind="daily", on=starts, notes="Mapped the discharge"),
        by=coach,
    )
    return event
